import {
  DurationLearner,
  type Job,
  type ProviderAdapter,
  ProviderApiError,
  VirtualClock,
  waitForJob,
} from '@darkroom/core'
import { type AidgeOptions, createAidge } from '@darkroom/core/providers/aidge'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inProcessBaseUrl } from '../emulators.js'
import { type ServedApp, serveApp } from '../node/serve.js'
import { expectPng, handleOf, runToEnd } from '../testing/index.js'
import {
  AIDGE_DEFAULT_CREDENTIALS,
  type AidgeEmulatorOptions,
  createAidgeEmulator,
} from './index.js'

const IMAGE_URL = 'https://ae01.alicdn.com/kf/H873d9e029746449ca21737fcf595b781X.jpg'

function world(
  emulatorOptions: AidgeEmulatorOptions = {},
  adapterOptions: Partial<AidgeOptions> = {},
) {
  const clock = new VirtualClock()
  const emulator = createAidgeEmulator({ clock, seed: 3, ...emulatorOptions })
  const adapter = createAidge({
    ...AIDGE_DEFAULT_CREDENTIALS,
    baseUrl: inProcessBaseUrl('aidge'),
    fetch: emulator.fetch,
    clock,
    ...adapterOptions,
  })
  return { clock, emulator, adapter }
}

/** Submit, then watch with the polling engine until the job ends, in virtual time. */
async function runJob(adapter: ProviderAdapter, clock: VirtualClock, input: unknown) {
  const { final: job } = await runToEnd(adapter, clock, 'virtual-model', input)
  expect(job).toMatchObject({
    id: expect.stringMatching(/^drj1\./),
    provider: 'aidge',
    operation: 'virtual-model',
    queuePosition: null,
    createdAt: null,
    observedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
  })
  expect(job.images.every((image, i) => image.index === i)).toBe(true)
  return job
}

async function expectPngs(
  adapter: ProviderAdapter,
  clock: VirtualClock,
  job: Job,
  size: [number, number],
) {
  for (const ref of job.images) {
    const image = await clock.run(adapter.image(handleOf(job), ref.index))
    expect(image.mimeType).toBe('image/png')
    expectPng(image.bytes, ...size)
  }
}

describe('aidge adapter ↔ emulator, in-process', () => {
  it('runs virtual-model from submit to image bytes through the polling engine', async () => {
    const { clock, adapter } = world()
    const started = clock.now()
    const job = await runJob(adapter, clock, {
      imageUrl: IMAGE_URL,
      model: 'WHITE',
      gender: 'FEMALE',
      age: 'YOUTH',
      bgStyle: 'room',
      dimension: 768,
      count: 2,
      maskKeepBg: true,
    })
    expect(job).toMatchObject({ state: 'succeeded', providerStatus: 'finished', error: null })
    expect(clock.now() - started).toBeGreaterThanOrEqual(6000)
    expect(job.images).toHaveLength(2)
    for (const ref of job.images) {
      expect(ref).toMatchObject({ width: 768, height: 1024, mimeType: 'image/png' })
      expect(Date.parse(ref.expiresAt ?? '')).toBeGreaterThan(clock.now())
    }
    await expectPngs(adapter, clock, job, [768, 1024])
  })

  it('runs with a base64 image and the newer universal models', async () => {
    const { clock, adapter, emulator } = world()
    const { bytesToBase64, renderPng } = await import('../index.js')
    const imageBase64 = bytesToBase64(renderPng({ width: 600, height: 800, seed: 2, index: 0 }))
    const job = await runJob(adapter, clock, {
      imageBase64,
      model: 'universal_model_3',
      dimension: '512',
    })
    expect(job.state).toBe('succeeded')
    expect(job.images).toHaveLength(1)
    await expectPngs(adapter, clock, job, [512, 683])
    expect(emulator.simulator.size).toBe(1)
  })

  it.each([
    ['failed', { bgStyle: 'room [[fail:failed]]' }, 'provider_error', false, 'failed'],
    ['801', { imageUrl: `${IMAGE_URL}?[[fail:801]]` }, 'provider_error', true, '801'],
    ['1000', { imageUrl: `${IMAGE_URL}?[[fail:1000]]` }, 'content_rejected', false, '1000'],
    ['1001', { bgStyle: '[[fail:1001]] street' }, 'provider_error', true, '1001'],
    ['1002', { bgStyle: 'room[[fail:1002]]' }, 'provider_error', false, '1002'],
  ])(
    '[[fail:%s]] ends the job failed with the mapped JobError',
    async (_, patch, code, retryable, providerCode) => {
      const { clock, adapter } = world()
      const job = await runJob(adapter, clock, { imageUrl: IMAGE_URL, model: 'BLACK', ...patch })
      expect(job).toMatchObject({ state: 'failed', providerStatus: 'failed', images: [] })
      expect(job.error).toMatchObject({ code, retryable, providerCode })
    },
  )

  it.each([
    ['a wrong secret', { accessKeySecret: 'wrong' }],
    ['an unknown key name', { accessKeyName: 'nobody' }],
    [
      'a clock 20 minutes fast',
      { clock: new VirtualClock({ start: Date.UTC(2024, 5, 11, 8, 20) }) },
    ],
  ])('refuses %s as unauthorized, naming the provider', async (_, overrides) => {
    const { clock, adapter } = world({}, overrides)
    const error = await clock
      .run(adapter.submit('virtual-model', { imageUrl: IMAGE_URL, model: 'WHITE' }))
      .catch((e: unknown) => e)
    expect(ProviderApiError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({
      code: 'unauthorized',
      provider: 'aidge',
      call: 'submit',
      retryable: false,
    })
    expect((error as Error).message).toMatch(/^aidge submit failed/)
  })

  it('maps invalid input the emulator refuses to invalid_input naming the field', async () => {
    const { clock, adapter } = world()
    const gif = 'R0lGODlhAQABAAAAACw='
    // The adapter refuses a GIF itself; a too-small PNG only the provider can see.
    const { bytesToBase64, renderPng } = await import('../index.js')
    const small = bytesToBase64(renderPng({ width: 64, height: 64, seed: 1, index: 0 }))
    await expect(
      clock.run(adapter.submit('virtual-model', { imageBase64: gif, model: 'WHITE' })),
    ).rejects.toMatchObject({ code: 'invalid_input' })
    const error = await clock
      .run(adapter.submit('virtual-model', { imageBase64: small, model: 'WHITE' }))
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'invalid_input', providerCode: '700', call: 'submit' })
    expect((error as Error).message).toContain('got 64x64')
  })

  it('reports quota_exhausted without trial quota, and uses the trial with trial: true', async () => {
    const paid = world({ paidQuota: 0 })
    const input = { imageUrl: IMAGE_URL, model: 'YELLOW' }
    await expect(paid.clock.run(paid.adapter.submit('virtual-model', input))).rejects.toMatchObject(
      { code: 'quota_exhausted' },
    )
    const trial = world({ paidQuota: 0, trialQuota: 1 }, { trial: true })
    expect((await runJob(trial.adapter, trial.clock, input)).state).toBe('succeeded')
  })

  it('finishes despite rate limits, 5xx and malformed answers on the way', async () => {
    const { clock, adapter } = world({
      faults: { rateLimitRate: 0.25, serverErrorRate: 0.2, malformedRate: 0.05 },
    })
    const input = { imageUrl: IMAGE_URL, model: 'BROWN', count: 3 }
    let initial: Job | undefined
    for (let attempt = 0; !initial && attempt < 20; attempt++) {
      // Submits are never retried by the adapter; a caller may choose to after a retryable error.
      initial = await clock.run(adapter.submit('virtual-model', input)).catch((error: unknown) => {
        if (!ProviderApiError.isInstance(error) || !error.retryable) throw error
        return undefined
      })
    }
    if (!initial) throw new Error('never submitted')
    const job = await clock.run(
      waitForJob(adapter, handleOf(initial), { clock, initial, learner: new DurationLearner() }),
    )
    expect(job.state).toBe('succeeded')
    expect(job.images).toHaveLength(3)
  })
})

describe('aidge adapter ↔ emulator over loopback HTTP', () => {
  const clock = new VirtualClock()
  const emulator = createAidgeEmulator({ clock, seed: 11 })
  let served: ServedApp
  beforeAll(async () => {
    served = await serveApp(emulator.app)
  })
  afterAll(() => served.close())

  it('runs virtual-model end to end over a real socket, in virtual time', async () => {
    const adapter = createAidge({ ...AIDGE_DEFAULT_CREDENTIALS, baseUrl: served.url, clock })
    const job = await runJob(adapter, clock, {
      imageUrl: IMAGE_URL,
      model: 'universal_model_1',
      count: 2,
      dimension: 600,
    })
    expect(job.state).toBe('succeeded')
    expect(job.images[0]?.url?.startsWith(`${served.url}/oss/aidge/`)).toBe(true)
    await expectPngs(adapter, clock, job, [600, 800])
    const wrong = createAidge({
      accessKeyName: 'demo-access-key-name',
      accessKeySecret: 'nope',
      baseUrl: served.url,
      clock,
    })
    await expect(clock.run(wrong.status(handleOf(job)))).rejects.toMatchObject({
      code: 'unauthorized',
    })
  })
})
