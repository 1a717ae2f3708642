import {
  type Clock,
  createProviderAdapter,
  type ProviderAdapter,
  type ProviderId,
} from '@darkroom/core'
import type { GatewayConfig } from './config.js'

/** Options for wiring real providers. */
export interface WiringOptions {
  fetch?: typeof fetch | undefined
  clock?: Clock | undefined
}

/** Adapters for the providers configured with credentials (never the emulators). */
export function liveAdapters(
  config: GatewayConfig,
  options: WiringOptions = {},
): Partial<Record<ProviderId, ProviderAdapter>> {
  const adapters: Partial<Record<ProviderId, ProviderAdapter>> = {}
  const common = {
    ...(options.fetch && { fetch: options.fetch }),
    ...(options.clock && { clock: options.clock }),
  }
  for (const p of config.providers) {
    adapters[p.id] = createProviderAdapter(p.id, { ...p.options, ...common })
  }
  return adapters
}
