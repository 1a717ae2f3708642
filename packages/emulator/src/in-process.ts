import {
  type Clock,
  createProviderAdapter,
  PROVIDERS,
  type ProviderAdapter,
  type ProviderId,
  type ProviderOptions,
} from '@darkroom/core'
import { type Emulators, inProcessBaseUrl } from './emulators.js'

/** Adapter options for each provider, pointed at its emulator in-process. */
export type InProcessAdapterOptions = { [Id in ProviderId]: ProviderOptions<Id> }

/**
 * The options that wire each provider's real adapter to its emulator in-process: the emulator's
 * credentials, a base URL that can never reach a real host, and the emulator's own `fetch`.
 * Demos, tests and benchmarks all connect this way, so it is written once, over the catalogue.
 */
export function inProcessAdapterOptions(
  emulators: Emulators,
  clock?: Clock,
): InProcessAdapterOptions {
  const out: Partial<Record<ProviderId, object>> = {}
  for (const { id } of PROVIDERS) {
    const emulator = emulators[id]
    out[id] = {
      ...emulator.credentials,
      baseUrl: inProcessBaseUrl(id),
      fetch: emulator.fetch,
      ...(clock && { clock }),
    }
  }
  // Each emulator's credentials are its provider's (EMULATOR_FACTORIES checks the set of ids).
  return out as InProcessAdapterOptions
}

/** The real adapters, each talking to its emulator in-process. */
export function createInProcessAdapters(
  emulators: Emulators,
  clock?: Clock,
): Record<ProviderId, ProviderAdapter> {
  const options = inProcessAdapterOptions(emulators, clock)
  const out: Partial<Record<ProviderId, ProviderAdapter>> = {}
  for (const { id } of PROVIDERS) out[id] = createProviderAdapter(id, options[id])
  return out as Record<ProviderId, ProviderAdapter>
}
