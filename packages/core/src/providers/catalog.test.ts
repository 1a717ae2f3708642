import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { ConfigurationError } from '../errors/index.js'
import { ProviderIdSchema } from '../model/job.js'
import {
  createProviderAdapter,
  isProviderId,
  PROVIDER_IDS,
  PROVIDERS,
  providerDefinition,
} from './catalog.js'

describe('the provider catalogue', () => {
  it('lists each provider once, with its ids derived from it', () => {
    expect(PROVIDER_IDS).toEqual(['aicontent', 'speedpix', 'aidge'])
    expect(new Set(PROVIDER_IDS).size).toBe(PROVIDERS.length)
    for (const id of PROVIDER_IDS) {
      expect(isProviderId(id)).toBe(true)
      expect(v.is(ProviderIdSchema, id)).toBe(true)
    }
    expect(isProviderId('acme')).toBe(false)
    expect(() => providerDefinition('acme' as never)).toThrow(
      /Unknown provider "acme"; use aicontent/,
    )
  })

  it.each(PROVIDERS.map((p) => [p.id, p] as const))(
    '%s: static specs match what its adapter offers',
    (id, definition) => {
      expect(definition.label.length).toBeGreaterThan(3)
      const options = definition.fromEnv({
        [definition.env.credentials[0]]: 'key-id',
        [definition.env.credentials[1]]: 'key-secret',
        [definition.env.baseUrl]: 'http://127.0.0.1:4010',
      })
      expect(options).not.toBeNull()
      // biome-ignore lint/style/noNonNullAssertion: asserted just above
      const adapter = createProviderAdapter(id, options!)
      expect(adapter.id).toBe(id)
      expect(adapter.operations).toBe(definition.operations)
      for (const [name, spec] of Object.entries(definition.operations)) expect(spec.name).toBe(name)
      // biome-ignore lint/style/noNonNullAssertion: asserted just above
      expect(definition.secrets(options! as never)).toEqual(['key-secret'])
    },
  )

  it.each(PROVIDERS.map((p) => [p.id, p] as const))(
    '%s: reads its environment, refusing half a pair or a bad base URL by name',
    (_id, definition) => {
      const [a, b] = definition.env.credentials
      expect(definition.fromEnv({})).toBeNull()
      expect(definition.fromEnv({ [a]: '  ', [b]: '' })).toBeNull()
      const half = () => definition.fromEnv({ [a]: 'only-one' })
      expect(half).toThrow(ConfigurationError)
      expect(half).toThrow(`${b} is not set but ${a} is`)
      try {
        definition.fromEnv({ [definition.env.baseUrl]: 'ftp://x' })
        expect.unreachable()
      } catch (error) {
        expect(ConfigurationError.isInstance(error)).toBe(true)
        expect((error as ConfigurationError).variable).toBe(definition.env.baseUrl)
      }
      expect(definition.fromEnv({ [a]: ' x ', [b]: 'y' })).not.toHaveProperty('baseUrl')
    },
  )
})
