import {
  type Clock,
  createProviderAdapter,
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
  return createProviderAdapter(provider, { ...options[provider], fetch })
}
