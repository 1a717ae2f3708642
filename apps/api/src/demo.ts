import type { Clock, ProviderAdapter, ProviderId } from '@darkroom/core'
import { createEmulators, createInProcessAdapters } from '@darkroom/emulator'

/**
 * Every provider wired in-process to its emulator: the demo needs no credentials and no network,
 * on any runtime. Kept out of the production Worker bundle (see runtimes/worker.ts vs runtimes/worker-demo.ts).
 */
export function demoAdapters(
  options: { clock?: Clock | undefined; seed?: number } = {},
): Partial<Record<ProviderId, ProviderAdapter>> {
  const emulators = createEmulators({
    clock: options.clock,
    seed: options.seed ?? Date.now() % 2 ** 31,
  })
  return createInProcessAdapters(emulators, options.clock)
}
