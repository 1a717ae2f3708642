import {
  InvalidInputError,
  type ProviderAdapter,
  type ProviderId,
  REQUEST_PATHS,
} from '@darkroom/core'

/** The providers a gateway offers: a provider without an adapter is not offered. */
export type OfferedAdapters = Partial<Record<ProviderId, ProviderAdapter>>

/**
 * The adapter of an offered provider, or the `InvalidInputError` naming the request's `provider`
 * field and what is offered: what a submit to anything else answers (400).
 */
export function offeredAdapter(adapters: OfferedAdapters, provider: ProviderId): ProviderAdapter {
  const adapter = adapters[provider]
  if (adapter) return adapter
  const offered = Object.keys(adapters).join(', ') || 'none'
  const message = `provider "${provider}" is not offered by this gateway (offered: ${offered})`
  throw new InvalidInputError(`${message}.`, {
    issues: [{ path: REQUEST_PATHS.provider, message }],
    call: 'submit',
  })
}
