import {
  DurationLearner,
  decodeHandle,
  type Job,
  type ProviderAdapter,
  ProviderApiError,
  VirtualClock,
  waitForJob,
  watchJob,
} from '@darkroom/core'
import { createAicontent } from '@darkroom/core/providers/aicontent'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inProcessBaseUrl } from '../emulators.js'
import { type ServedApp, serveApp } from '../node/serve.js'
import { expectPng, runToEnd } from '../testing/index.js'
import { type AicontentEmulatorOptions, createAicontentEmulator } from './index.js'

const imageUrls = ['https://img.example.com/subject-1.jpg', 'https://img.example.com/subject-2.jpg']

/** One virtual clock shared by the emulator and the adapter, as the brief requires. */
function world(options: AicontentEmulatorOptions = {}, credentials?: Record<string, string>) {
  const clock = new VirtualClock()
  const emulator = createAicontentEmulator({ ...options, clock })
  const adapter = createAicontent({
    ...emulator.credentials,
    ...credentials,
    baseUrl: inProcessBaseUrl('aicontent'),
    fetch: emulator.fetch,
    clock,
  })
  return { clock, emulator, adapter }
}

async function expectImages(
  adapter: ProviderAdapter,
  clock: VirtualClock,
  job: Job,
  count: number,
) {
  expect(job.images).toHaveLength(count)
  for (const ref of job.images) {
    expect(ref).toMatchObject({ url: null, mimeType: 'image/png' })
    const image = await clock.run(adapter.image(decodeHandle(job.id), ref.index))
    expect(image.mimeType).toBe('image/png')
    expectPng(image.bytes, 512, 512)
  }
}

describe('aicontent end to end (adapter → emulator, virtual time)', () => {
  it('trains a model, then generates images with it, from submit to bytes', async () => {
    const { adapter, clock } = world()
    const trained = await runToEnd(adapter, clock, 'train', {
      name: 'my dog',
      objectType: 'dog',
      imageUrls,
      trainSteps: 800,
    })
    expect(trained.final).toMatchObject({
      state: 'succeeded',
      providerStatus: 'FINISHED',
      images: [],
    })
    expect(trained.seen.map((j) => j.providerStatus)).toEqual(
      expect.arrayContaining(['TRAINING', 'FINISHED']),
    )
    const modelId = trained.final.providerJobId
    const { final, seen } = await runToEnd(adapter, clock, 'inference', {
      modelId,
      prompt: 'a <special-token> in the snow',
      count: 3,
      seed: 42,
    })
    expect(final).toMatchObject({ state: 'succeeded', progress: 1 })
    expect(final.createdAt).toMatch(/^2024-06-11T08:\d{2}:\d{2}\.000Z$/)
    const progress = seen.map((j) => j.progress).filter((p): p is number => p !== null)
    expect(progress.some((p) => p > 0 && p < 1)).toBe(true)
    expect(progress).toEqual([...progress].sort((a, b) => a - b))
    await expectImages(adapter, clock, final, 3)
  })

  it('runs premodel-inference from reference images to bytes', async () => {
    const { adapter, clock } = world()
    const { final } = await runToEnd(adapter, clock, 'premodel-inference', {
      imageUrls,
      prompt: 'a photo of a <special-token> on the beach',
      strength: 0.6,
      count: 2,
    })
    expect(final.state).toBe('succeeded')
    await expectImages(adapter, clock, final, 2)
  })

  it('runs inference on the preset demo model within the default timings', async () => {
    const { adapter, clock } = world()
    const start = clock.now()
    const { final } = await runToEnd(adapter, clock, 'inference', {
      modelId: 'demo-model',
      prompt: 'a <special-token>',
    })
    expect(final.state).toBe('succeeded')
    expect(clock.now() - start).toBeGreaterThanOrEqual(
      adapter.operations.inference?.timing.minMs ?? 0,
    )
    expect(clock.now() - start).toBeLessThan(60_000)
    await expectImages(adapter, clock, final, 1)
  })

  it.each([
    ['OOM', 'out_of_resources', true],
    ['TOO_MANY_INFERENCE_REQUESTS', 'rate_limited', true],
    ['WRONG_IMAGE_URL', 'invalid_input', false],
    ['INFERRING_TERMINATED', 'provider_error', false],
    ['TRAINING_TERMINATED', 'provider_error', false],
  ])('[[fail:%s]] reaches a failed job with %s (retryable %s)', async (word, code, retryable) => {
    const { adapter, clock } = world()
    const { final } = await runToEnd(adapter, clock, 'premodel-inference', {
      imageUrls,
      prompt: `x [[fail:${word}]]`,
    })
    expect(final).toMatchObject({ state: 'failed', providerStatus: word, images: [] })
    expect(final.error).toMatchObject({ code, retryable, providerCode: word })
  })

  it('fails a training job whose image URL the service cannot fetch', async () => {
    const { adapter, clock } = world()
    const { final } = await runToEnd(adapter, clock, 'train', {
      name: 'n [[fail:WRONG_IMAGE_URL]]',
      objectType: 'girl',
      imageUrls,
    })
    expect(final.error).toMatchObject({ code: 'invalid_input', providerCode: 'WRONG_IMAGE_URL' })
  })

  it.each([
    ['B_PERMISSION_DENIED_EXCEPTION', 'forbidden', 403],
    ['B_DATA_NOT_FOUND_EXCEPTION', 'not_found', 404],
    ['B_PARAMETER_NOT_FOUND_EXCEPTION', 'invalid_input', 400],
  ])('[[fail:%s]] ends the watch with a %s ProviderApiError', async (errCode, code, status) => {
    const { adapter, clock } = world()
    const error = await runToEnd(adapter, clock, 'inference', {
      modelId: 'demo-model',
      prompt: `x [[fail:${errCode}]]`,
    }).catch((e: unknown) => e)
    expect(ProviderApiError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ code, status, providerCode: errCode, provider: 'aicontent' })
  })

  it('keeps polling through UNKNOWN_ERROR until the watch deadline (retryable)', async () => {
    const { adapter, clock } = world()
    const initial = await clock.run(
      adapter.submit('inference', { modelId: 'demo-model', prompt: 'x [[fail:UNKNOWN_ERROR]]' }),
    )
    const error = await clock
      .run(
        waitForJob(adapter, decodeHandle(initial.id), {
          clock,
          initial,
          learner: new DurationLearner(),
          timeoutMs: 120_000,
        }),
      )
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'timeout' })
  })

  it.each([
    ['NOT_START', 'queued'],
    ['SUBMITTED', 'queued'],
    ['WAIT_SCHEDULE', 'queued'],
    ['INFERRING', 'running'],
  ])('[[fail:%s]] leaves a stuck job that status() reports as %s', async (word, state) => {
    const { adapter, clock } = world()
    const initial = await clock.run(
      adapter.submit('inference', { modelId: 'demo-model', prompt: `x [[fail:${word}]]` }),
    )
    await clock.advance(120_000)
    const job = await clock.run(adapter.status(decodeHandle(initial.id)))
    expect(job).toMatchObject({ state, providerStatus: word, error: null, warnings: [] })
  })

  it.each([
    ['rateLimitRate', 'rate_limited', 429, 'Throttling.User'],
    ['serverErrorRate', 'provider_error', 500, 'UNKNOWN_ERROR'],
  ])('maps an injected %s to a retryable %s', async (rate, code, status, providerCode) => {
    const { adapter, clock } = world({ faults: { [rate]: 1 } })
    const handle = { provider: 'aicontent' as const, operation: 'inference', providerJobId: 'x' }
    const error = await clock.run(adapter.status(handle, { retries: 0 })).catch((e: unknown) => e)
    expect(error).toMatchObject({ code, status, providerCode, retryable: true })
  })

  it('refuses an unknown model at submit', async () => {
    const { adapter, clock } = world()
    const error = await clock
      .run(adapter.submit('inference', { modelId: 'missing', prompt: 'x' }))
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'not_found', providerCode: 'B_MODEL_TRAIN_JOB_NOT_EXIST' })
  })

  it.each([
    ['a wrong secret', { accessKeySecret: 'not-the-secret' }, 'SignatureDoesNotMatch'],
    ['an unknown AccessKey', { accessKeyId: 'LTAI-nobody' }, 'InvalidAccessKeyId.NotFound'],
  ])(
    'gives an unauthorized error naming the provider for %s',
    async (_, credentials, providerCode) => {
      const { adapter, clock } = world({}, credentials)
      const error = await clock
        .run(adapter.submit('premodel-inference', { imageUrls, prompt: 'x' }))
        .catch((e: unknown) => e)
      expect(ProviderApiError.isInstance(error)).toBe(true)
      expect(error).toMatchObject({
        code: 'unauthorized',
        provider: 'aicontent',
        providerCode,
        retryable: false,
      })
      expect((error as Error).message).toMatch(/^aicontent submit failed/)
      expect((error as Error).message).not.toContain('not-the-secret')
    },
  )

  it('completes despite injected 5xx, throttling and malformed answers on status calls', async () => {
    const { adapter, clock } = world({
      faults: { serverErrorRate: 0.2, rateLimitRate: 0.2, malformedRate: 0.1 },
      seed: 11,
    })
    let initial: Job | undefined
    // A submit is never retried by the adapter; this test resubmits, as a caller may.
    for (let i = 0; i < 20 && !initial; i++) {
      initial = await clock
        .run(adapter.submit('premodel-inference', { imageUrls, prompt: 'x' }))
        .catch(() => undefined)
    }
    if (!initial) throw new Error('no submit got through')
    const final = await clock.run(
      waitForJob(adapter, decodeHandle(initial.id), {
        clock,
        initial,
        learner: new DurationLearner(),
      }),
    )
    expect(final.state).toBe('succeeded')
  })

  it('reports watch snapshots with queued, running and succeeded states in order', async () => {
    const { adapter, clock } = world()
    const initial = await clock.run(
      adapter.submit('inference', { modelId: 'demo-model', prompt: 'x' }),
    )
    const states: string[] = []
    await clock.run(async () => {
      for await (const job of watchJob(adapter, decodeHandle(initial.id), {
        clock,
        initial,
        learner: new DurationLearner(),
      })) {
        states.push(job.state)
      }
    })
    expect(states[0]).toBe('queued')
    expect(states.at(-1)).toBe('succeeded')
    expect(states).toContain('running')
  })
})

describe('aicontent end to end over real loopback HTTP (virtual time)', () => {
  const clock = new VirtualClock()
  const emulator = createAicontentEmulator({ clock })
  let served: ServedApp
  beforeAll(async () => {
    served = await serveApp(emulator.app)
  })
  afterAll(() => served.close())

  it('runs inference and premodel-inference from submit to image bytes', async () => {
    const adapter = createAicontent({ ...emulator.credentials, baseUrl: served.url, clock })
    const custom = await runToEnd(adapter, clock, 'inference', {
      modelId: 'demo-model',
      prompt: 'a <special-token>',
      count: 2,
    })
    expect(custom.final.state).toBe('succeeded')
    await expectImages(adapter, clock, custom.final, 2)
    const pre = await runToEnd(adapter, clock, 'premodel-inference', {
      imageUrls,
      prompt: 'a <special-token>',
    })
    await expectImages(adapter, clock, pre.final, 1)
  })

  it('refuses a wrong secret over HTTP too', async () => {
    const adapter = createAicontent({
      accessKeyId: emulator.credentials.accessKeyId,
      accessKeySecret: 'x',
      baseUrl: served.url,
      clock,
    })
    const error = await clock
      .run(adapter.submit('train', { name: 'n', objectType: 'dog', imageUrls }))
      .catch((e: unknown) => e)
    expect(error).toMatchObject({
      code: 'unauthorized',
      providerCode: 'SignatureDoesNotMatch',
      status: 400,
    })
  })
})
