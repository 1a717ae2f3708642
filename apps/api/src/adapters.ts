import {
  type Clock,
  createAicontent,
  createAidge,
  createSpeedpix,
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
  const common = { fetch: options.fetch, clock: options.clock }
  for (const p of config.providers) {
    const baseUrl = p.baseUrl ? { baseUrl: p.baseUrl } : {}
    if (p.id === 'aicontent')
      adapters.aicontent = createAicontent({
        accessKeyId: p.accessKeyId,
        accessKeySecret: p.accessKeySecret,
        ...baseUrl,
        ...common,
      })
    if (p.id === 'speedpix')
      adapters.speedpix = createSpeedpix({
        appKey: p.appKey,
        appSecret: p.appSecret,
        ...baseUrl,
        ...common,
      })
    if (p.id === 'aidge')
      adapters.aidge = createAidge({
        accessKeyName: p.accessKeyName,
        accessKeySecret: p.accessKeySecret,
        ...baseUrl,
        ...common,
      })
  }
  return adapters
}
