// Direct-client options wired to in-process emulators: real adapters, real signatures, no network.
import type { VirtualClock } from '@darkroom/core'
import { createEmulators, IN_PROCESS_BASE_URLS } from '@darkroom/emulator'
import type { DirectClientOptions } from '../src/direct.js'

export function emulatedProviders(clock: VirtualClock, seed = 11): DirectClientOptions {
  const { aicontent, speedpix, aidge } = createEmulators({ clock, seed })
  return {
    clock,
    providers: {
      aicontent: {
        ...aicontent.credentials,
        baseUrl: IN_PROCESS_BASE_URLS.aicontent,
        fetch: aicontent.fetch,
      },
      speedpix: {
        ...speedpix.credentials,
        baseUrl: IN_PROCESS_BASE_URLS.speedpix,
        fetch: speedpix.fetch,
      },
      aidge: { ...aidge.credentials, baseUrl: IN_PROCESS_BASE_URLS.aidge, fetch: aidge.fetch },
    },
  }
}
