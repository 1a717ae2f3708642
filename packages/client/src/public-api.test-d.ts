// Type tests of the client's public surface (vitest typecheck): both transports give the same
// `DarkroomClient`, the same errors and the same job types.
import { describe, expectTypeOf, it } from 'vitest'
import type { DarkroomClient as DirectClient, ProviderOptions } from './direct.js'
import { createDirectClient, InvalidInputError as DirectInvalidInput } from './direct.js'
import {
  createClient,
  type DarkroomClient,
  InvalidInputError,
  type Job,
  type ProviderId,
} from './index.js'

describe("the client's public types", () => {
  it('gives both transports one interface', () => {
    expectTypeOf<DirectClient>().toEqualTypeOf<DarkroomClient>()
    expectTypeOf(createClient).returns.toEqualTypeOf<DarkroomClient>()
    expectTypeOf(createDirectClient).returns.toEqualTypeOf<DarkroomClient>()
  })

  it('throws one error class for bad input from either transport', () => {
    expectTypeOf(DirectInvalidInput).toEqualTypeOf(InvalidInputError)
  })

  it('returns normalized jobs', () => {
    expectTypeOf<Awaited<ReturnType<DarkroomClient['jobs']['get']>>>().toEqualTypeOf<Job>()
    expectTypeOf<Job['provider']>().toEqualTypeOf<ProviderId>()
  })

  it("types the direct client's credentials per provider", () => {
    expectTypeOf<ProviderOptions<'aidge'>>().toHaveProperty('accessKeyName')
    // @ts-expect-error a provider id outside the catalogue is refused
    createDirectClient({ providers: { nope: {} } })
  })
})
