import {
  type Clock,
  createAicontent,
  createAidge,
  createSpeedpix,
  type ProviderAdapter,
  type ProviderId,
} from '@darkroom/core'
import { createEmulators, IN_PROCESS_BASE_URLS } from '@darkroom/emulator'

/**
 * Every provider wired in-process to its emulator: the demo needs no credentials and no network,
 * on any runtime. Kept out of the production Worker bundle (see worker.ts vs worker-demo.ts).
 */
export function demoAdapters(
  options: { clock?: Clock | undefined; seed?: number } = {},
): Partial<Record<ProviderId, ProviderAdapter>> {
  const emulators = createEmulators({
    clock: options.clock,
    seed: options.seed ?? Date.now() % 2 ** 31,
  })
  const { aicontent, speedpix, aidge } = emulators
  return {
    aicontent: createAicontent({
      ...aicontent.credentials,
      baseUrl: IN_PROCESS_BASE_URLS.aicontent,
      fetch: aicontent.fetch,
      clock: options.clock,
    }),
    speedpix: createSpeedpix({
      ...speedpix.credentials,
      baseUrl: IN_PROCESS_BASE_URLS.speedpix,
      fetch: speedpix.fetch,
      clock: options.clock,
    }),
    aidge: createAidge({
      ...aidge.credentials,
      baseUrl: IN_PROCESS_BASE_URLS.aidge,
      fetch: aidge.fetch,
      clock: options.clock,
    }),
  }
}
