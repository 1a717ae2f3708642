/**
 * The provider catalogue: the one list of providers. Every surface (gateway, client, terminal,
 * emulator wiring, benchmarks, OpenAPI) loops over it instead of switching on an id, so adding a
 * provider is its folder here, its emulator, and one line below.
 */
import type { ProviderAdapter } from '../spec/adapter.js'
import type { ProviderDefinition } from '../spec/provider-definition.js'
import { aicontentProvider } from './aicontent/aicontent-provider.js'
import { aidgeProvider } from './aidge/aidge-provider.js'
import { speedpixProvider } from './speedpix/speedpix-provider.js'

/** Every provider Darkroom speaks, in the order they are listed to users. */
export const PROVIDERS = [aicontentProvider, speedpixProvider, aidgeProvider] as const

/** A provider's definition in the catalogue. */
export type AnyProviderDefinition = (typeof PROVIDERS)[number]

/** A provider's id: `aicontent`, `speedpix` or `aidge`. */
export type ProviderId = AnyProviderDefinition['id']

/** The ids of the catalogue's providers, in its order. */
export const PROVIDER_IDS: readonly ProviderId[] = PROVIDERS.map((p) => p.id)

/** The definition of one provider. */
export type ProviderDefinitionOf<Id extends ProviderId> = Extract<AnyProviderDefinition, { id: Id }>

/** The options of one provider's adapter factory (credentials plus the common options). */
export type ProviderOptions<Id extends ProviderId> =
  ProviderDefinitionOf<Id> extends ProviderDefinition<Id, infer Options> ? Options : never

/** Options for any subset of the providers, by id (e.g. the direct client's `providers`). */
export type ProviderOptionsMap = { [Id in ProviderId]?: ProviderOptions<Id> | undefined }

const BY_ID = new Map<string, AnyProviderDefinition>(PROVIDERS.map((p) => [p.id, p]))

/** True for the id of a provider in the catalogue. */
export function isProviderId(value: unknown): value is ProviderId {
  return typeof value === 'string' && BY_ID.has(value)
}

/** The catalogue entry of a provider; throws a `TypeError` naming the known ids otherwise. */
export function providerDefinition<Id extends ProviderId>(id: Id): ProviderDefinitionOf<Id> {
  const definition = BY_ID.get(id)
  if (!definition) {
    throw new TypeError(`Unknown provider "${String(id)}"; use ${PROVIDER_IDS.join(', ')}.`)
  }
  return definition as ProviderDefinitionOf<Id>
}

/**
 * Creates one provider's adapter from its options. The catalogue's factories are typed per
 * provider; this is the one place that calls one by id.
 */
export function createProviderAdapter<Id extends ProviderId>(
  id: Id,
  options: ProviderOptions<Id>,
): ProviderAdapter {
  // TypeScript cannot correlate a generic id with its entry's factory; the map types tie them.
  const definition = providerDefinition(id) as unknown as ProviderDefinition<
    Id,
    ProviderOptions<Id>
  >
  return definition.create(options)
}
