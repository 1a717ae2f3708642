import {
  type Clock,
  createAicontent,
  createAidge,
  createSpeedpix,
  type ProviderAdapter,
  type ProviderId,
} from '@darkroom/core'
import { type Emulators, inProcessAdapterOptions } from '@darkroom/emulator'

/**
 * The real adapter of `provider`, wired to its emulator in-process the way demos and tests are,
 * except that it calls through `fetch` (a counting wrapper of the emulator's own, or a canned
 * answer), on `clock` when given.
 */
export function emulatedAdapter(
  provider: ProviderId,
  emulators: Emulators,
  fetch: typeof globalThis.fetch,
  clock?: Clock,
): ProviderAdapter {
  const options = inProcessAdapterOptions(emulators, clock)
  switch (provider) {
    case 'aicontent':
      return createAicontent({ ...options.aicontent, fetch })
    case 'speedpix':
      return createSpeedpix({ ...options.speedpix, fetch })
    case 'aidge':
      return createAidge({ ...options.aidge, fetch })
  }
}
