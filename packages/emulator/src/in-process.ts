import {
  type AicontentOptions,
  type AidgeOptions,
  type Clock,
  createAicontent,
  createAidge,
  createSpeedpix,
  type ProviderAdapter,
  type ProviderId,
  type SpeedpixOptions,
} from '@darkroom/core'
import { type Emulators, IN_PROCESS_BASE_URLS } from './emulators.js'

/** Adapter options for each provider, pointed at its emulator in-process. */
export interface InProcessAdapterOptions {
  aicontent: AicontentOptions
  speedpix: SpeedpixOptions
  aidge: AidgeOptions
}

/**
 * The options that wire each provider's real adapter to its emulator in-process: the emulator's
 * credentials, a base URL that can never reach a real host, and the emulator's own `fetch`.
 * Demos, tests and benchmarks all connect this way, so it is written once.
 */
export function inProcessAdapterOptions(
  emulators: Emulators,
  clock?: Clock,
): InProcessAdapterOptions {
  const { aicontent, speedpix, aidge } = emulators
  const common = clock ? { clock } : {}
  return {
    aicontent: {
      ...aicontent.credentials,
      baseUrl: IN_PROCESS_BASE_URLS.aicontent,
      fetch: aicontent.fetch,
      ...common,
    },
    speedpix: {
      ...speedpix.credentials,
      baseUrl: IN_PROCESS_BASE_URLS.speedpix,
      fetch: speedpix.fetch,
      ...common,
    },
    aidge: {
      ...aidge.credentials,
      baseUrl: IN_PROCESS_BASE_URLS.aidge,
      fetch: aidge.fetch,
      ...common,
    },
  }
}

/** The three real adapters, each talking to its emulator in-process. */
export function createInProcessAdapters(
  emulators: Emulators,
  clock?: Clock,
): Record<ProviderId, ProviderAdapter> {
  const options = inProcessAdapterOptions(emulators, clock)
  return {
    aicontent: createAicontent(options.aicontent),
    speedpix: createSpeedpix(options.speedpix),
    aidge: createAidge(options.aidge),
  }
}
