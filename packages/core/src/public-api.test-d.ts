// Type tests of core's public surface (vitest typecheck): what the root gives, and what it keeps
// behind subpaths.
import { describe, expectTypeOf, it } from 'vitest'
import * as engine from './engine.js'
import type * as root from './index.js'
import {
  createProviderAdapter,
  DarkroomError,
  InvalidInputError,
  type Job,
  type JobError,
  type JobState,
  PROVIDER_IDS,
  type ProviderAdapter,
  type ProviderId,
  type ProviderOptions,
  type ProviderOptionsMap,
  providerDefinition,
  waitForJob,
  watchJob,
} from './index.js'
import * as kit from './provider-kit.js'
import type { createSpeedpix } from './providers/speedpix/index.js'

describe("core's public types", () => {
  it('derives the provider ids from the catalogue', () => {
    expectTypeOf<ProviderId>().toEqualTypeOf<'aicontent' | 'speedpix' | 'aidge'>()
    expectTypeOf(PROVIDER_IDS).toEqualTypeOf<readonly ProviderId[]>()
    expectTypeOf(providerDefinition('aidge').id).toEqualTypeOf<'aidge'>()
  })

  it("types each provider's options, and the map of them", () => {
    expectTypeOf<ProviderOptions<'speedpix'>>().toHaveProperty('appSecret')
    expectTypeOf<ProviderOptions<'aicontent'>>().toHaveProperty('accessKeyId')
    expectTypeOf<ProviderOptionsMap['aidge']>().toEqualTypeOf<
      ProviderOptions<'aidge'> | undefined
    >()
    expectTypeOf<Parameters<typeof createSpeedpix>[0]>().toEqualTypeOf<
      ProviderOptions<'speedpix'>
    >()
    expectTypeOf(
      createProviderAdapter('speedpix', { appKey: 'k', appSecret: 's' }),
    ).toEqualTypeOf<ProviderAdapter>()
    // @ts-expect-error another provider's credentials are refused
    createProviderAdapter('speedpix', { accessKeyId: 'k', accessKeySecret: 's' })
  })

  it('gives a job its closed state and error shapes', () => {
    expectTypeOf<Job['state']>().toEqualTypeOf<JobState>()
    expectTypeOf<Job['error']>().toEqualTypeOf<JobError | null>()
    expectTypeOf<Job['provider']>().toEqualTypeOf<ProviderId>()
  })

  it('narrows errors with isInstance', () => {
    const error: unknown = null
    if (InvalidInputError.isInstance(error)) {
      expectTypeOf(error.issues).toEqualTypeOf<{ path: string; message: string }[]>()
      expectTypeOf(error).toExtend<DarkroomError>()
    }
    if (DarkroomError.isInstance(error))
      expectTypeOf(error.retryAfterMs).toEqualTypeOf<number | undefined>()
  })

  it('watches and waits with snapshots', () => {
    expectTypeOf(watchJob).returns.toExtend<AsyncIterable<Job>>()
    expectTypeOf(waitForJob).returns.toEqualTypeOf<Promise<Job>>()
  })

  it('keeps subpath-only names off the root', () => {
    // The adapter-authoring kit is @darkroom/core/provider-kit; the schedule is @darkroom/core/engine.
    expectTypeOf(kit).toHaveProperty('baseJob')
    expectTypeOf<typeof root>().not.toHaveProperty('baseJob')
    expectTypeOf(engine).toHaveProperty('planNextPoll')
    expectTypeOf<typeof root>().not.toHaveProperty('planNextPoll')
  })
})
