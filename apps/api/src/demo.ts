import {
  type Clock,
  createProviderAdapter,
  PROVIDER_IDS,
  type ProviderAdapter,
  type ProviderId,
  type RequestEvent,
} from '@darkroom/core'
import {
  createEmulators,
  inProcessAdapterOptions,
  type SimulatorStateStore,
} from '@darkroom/emulator'

/**
 * Every provider wired in-process to its emulator: the demo needs no credentials and no network,
 * on any runtime. Kept out of the production Worker bundle (see runtimes/worker.ts vs runtimes/worker-demo.ts).
 */
export function demoAdapters(
  options: {
    clock?: Clock | undefined
    seed?: number
    /** Where the emulators keep their jobs. Default: this isolate's memory. */
    state?: SimulatorStateStore | undefined
    /** Told of every upstream request (the gateway's metrics). Default: none. */
    onRequest?: ((event: RequestEvent) => void) | undefined
  } = {},
): Partial<Record<ProviderId, ProviderAdapter>> {
  const emulators = createEmulators({
    clock: options.clock,
    seed: options.seed ?? Date.now() % 2 ** 31,
    state: options.state,
  })
  const wired = inProcessAdapterOptions(emulators, options.clock)
  const onRequest = options.onRequest && { onRequest: options.onRequest }
  return Object.fromEntries(
    PROVIDER_IDS.map((id) => [id, createProviderAdapter(id, { ...wired[id], ...onRequest })]),
  )
}
