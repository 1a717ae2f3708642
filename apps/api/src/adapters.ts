import {
  type Clock,
  createProviderAdapter,
  type ProviderAdapter,
  type ProviderId,
  type RequestEvent,
} from '@darkroom/core'
import type { GatewayConfig } from './config.js'

/** Options for wiring real providers. */
export interface WiringOptions {
  fetch?: typeof fetch | undefined
  clock?: Clock | undefined
  /** Told of every upstream request (the gateway's metrics). Default: none. */
  onRequest?: ((event: RequestEvent) => void) | undefined
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
    ...(options.onRequest && { onRequest: options.onRequest }),
  }
  for (const p of config.providers) {
    adapters[p.id] = createProviderAdapter(p.id, { ...p.options, ...common })
  }
  return adapters
}
