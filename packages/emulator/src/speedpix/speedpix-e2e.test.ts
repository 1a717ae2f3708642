import { DarkroomError, DurationLearner, type Job, VirtualClock, waitForJob } from '@darkroom/core'
import { createSpeedpix } from '@darkroom/core/providers/speedpix'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inProcessBaseUrl } from '../emulators.js'
import { type ServedApp, serveApp } from '../node/serve.js'
import type { FaultOptions } from '../shared/faults.js'
import { expectPng, handleOf, runToEnd } from '../testing/index.js'
import {
  createSpeedpixEmulator,
  SPEEDPIX_DEFAULT_CREDENTIALS,
  type SpeedpixEmulatorOptions,
} from './index.js'

function world(options: Partial<SpeedpixEmulatorOptions> & { faults?: FaultOptions } = {}) {
  const clock = new VirtualClock()
  const emulator = createSpeedpixEmulator({ clock, seed: 11, ...options })
  const adapter = createSpeedpix({
    ...SPEEDPIX_DEFAULT_CREDENTIALS,
    baseUrl: inProcessBaseUrl('speedpix'),
    fetch: emulator.fetch,
    clock,
  })
  return { clock, emulator, adapter }
}

describe('speedpix end to end, in-process', () => {
  it('txt2img: submit, queue, progress, succeeded, image bytes', async () => {
    const { clock, adapter } = world()
    const {
      initial: submitted,
      final,
      seen,
    } = await runToEnd(adapter, clock, 'txt2img', {
      prompt: 'a lighthouse at dusk',
      count: 3,
      width: 128,
      height: 96,
      steps: 25,
      samplerName: 'Euler a',
    })
    expect(submitted).toMatchObject({ state: 'queued', providerStatus: 'waiting' })
    expect(final).toMatchObject({ state: 'succeeded', providerStatus: 'successed', progress: 1 })
    expect(seen.some((job) => job.state === 'running' && job.etaSource === 'provider')).toBe(true)
    expect(final.images).toHaveLength(3)
    expect(final.images[2]).toMatchObject({
      index: 2,
      width: 128,
      height: 96,
      mimeType: 'image/png',
    })
    expect(Date.parse(final.images[0]?.expiresAt ?? '')).toBeGreaterThan(clock.now())
    for (const index of [0, 1, 2]) {
      const image = await clock.run(() => adapter.image(handleOf(final), index))
      expect(image.mimeType).toBe('image/png')
      expectPng(image.bytes, 128, 96)
    }
  })

  it('img2img with ControlNet runs to image bytes', async () => {
    const { clock, adapter } = world()
    const { final } = await runToEnd(adapter, clock, 'img2img', {
      prompt: 'same scene, winter',
      imageUrls: ['https://example.test/source.png'],
      denoisingStrength: 0.4,
      width: 64,
      height: 64,
      controlnetUnits: [
        {
          module: 'canny',
          model: 'control_v11p_sd15_canny',
          inputImage: 'https://example.test/c.png',
        },
      ],
    })
    expect(final.state).toBe('succeeded')
    expectPng((await clock.run(() => adapter.image(handleOf(final), 0))).bytes, 64, 64)
  })

  it('a bare prompt runs on the service defaults, and the images say the size it chose', async () => {
    const { clock, adapter, emulator } = world()
    const { initial, final } = await runToEnd(adapter, clock, 'txt2img', { prompt: 'a kite' })
    const job = emulator.simulator.get(initial.providerJobId) as { meta: { params: object } }
    expect(job.meta.params).toMatchObject({ width: 512, height: 512, steps: 20, batch_size: 1 })
    expect(final.images).toEqual([expect.objectContaining({ width: 512, height: 512 })])
  })

  it('reports the queue position of a job behind others', async () => {
    const { clock, adapter } = world({ queueWait: { kind: 'fixed', ms: 3000 } })
    for (let i = 0; i < 4; i++) await clock.run(() => adapter.submit('txt2img', { prompt: 'x' }))
    const last = await clock.run(() => adapter.submit('txt2img', { prompt: 'x' }))
    const snapshot = await clock.run(() => adapter.status(handleOf(last)))
    // SpeedPix estimates nothing while a task waits (etaRelative 0), so there is no provider ETA.
    expect(snapshot).toMatchObject({ state: 'queued', queuePosition: 4, etaSeconds: null })
  })

  it.each([
    [
      '[[fail:failed]]',
      'failed',
      { code: 'provider_error', retryable: false, providerCode: 'SD_WEBUI_ERROR' },
    ],
    [
      '[[fail:GPU_OOM]]',
      'failed',
      { code: 'out_of_resources', retryable: true, providerCode: 'GPU_OOM' },
    ],
    [
      '[[fail:CONTENT_RISK]]',
      'failed',
      { code: 'content_rejected', retryable: false, providerCode: 'CONTENT_RISK' },
    ],
    ['[[fail:cancelled]]', 'canceled', null],
    ['[[fail:canceled]]', 'canceled', null],
  ])('%s ends the job %s', async (marker, state, error) => {
    const { clock, adapter } = world()
    const { final } = await runToEnd(adapter, clock, 'txt2img', {
      prompt: `x ${marker} [[duration:5]]`,
    })
    expect(final.state).toBe(state)
    if (error) expect(final.error).toMatchObject(error)
    else expect(final.error).toBeNull()
    expect(final.images).toEqual([])
  })

  it('[[duration:N]] sets how long the job runs', async () => {
    const { clock, adapter } = world({ queueWait: { kind: 'fixed', ms: 1000 } })
    const start = clock.now()
    await runToEnd(adapter, clock, 'txt2img', { prompt: 'x [[duration:60]]' })
    expect(clock.now() - start).toBeGreaterThanOrEqual(61_000)
    expect(clock.now() - start).toBeLessThan(61_000 + 5000)
  })

  it('survives throttling and server errors while polling', async () => {
    const { clock, adapter } = world({
      faults: { rateLimitRate: 0.25, serverErrorRate: 0.15, dropRate: 0.05 },
    })
    let submitted: Job | undefined
    // A submit is never retried by the adapter; the caller decides. Here: until one goes through.
    for (let attempt = 0; !submitted; attempt++) {
      expect(attempt).toBeLessThan(20)
      submitted = await clock
        .run(() => adapter.submit('txt2img', { prompt: 'x' }))
        .catch((error) => {
          expect(DarkroomError.isInstance(error) && error.retryable).toBe(true)
          return undefined
        })
    }
    const final = await clock.run(() =>
      waitForJob(adapter, handleOf(submitted as Job), { clock, learner: new DurationLearner() }),
    )
    expect(final.state).toBe('succeeded')
  })

  it('fetches a fresh URL when the host refuses the first one', async () => {
    const { clock, emulator } = world()
    let downloads = 0
    const tampering: typeof fetch = async (input, init) => {
      const request = new Request(input, init)
      if (request.method === 'GET' && downloads++ === 0) {
        return emulator.fetch(request.url.replace('Signature=', 'Signature=AA'))
      }
      return emulator.fetch(request)
    }
    const adapter = createSpeedpix({
      ...SPEEDPIX_DEFAULT_CREDENTIALS,
      baseUrl: inProcessBaseUrl('speedpix'),
      fetch: tampering,
      clock,
    })
    const { final } = await runToEnd(adapter, clock, 'txt2img', {
      prompt: 'x',
      width: 64,
      height: 64,
    })
    expectPng((await clock.run(() => adapter.image(handleOf(final), 0))).bytes, 64, 64)
    expect(downloads).toBe(2)
  })

  it('downloads images long after their first URLs expired', async () => {
    const { clock, adapter } = world({ imageUrlTtlMs: 60_000 })
    const { final } = await runToEnd(adapter, clock, 'txt2img', {
      prompt: 'x',
      width: 64,
      height: 64,
    })
    await clock.advance(24 * 3_600_000)
    expectPng((await clock.run(() => adapter.image(handleOf(final), 0))).bytes, 64, 64)
  })

  it.each([
    ['a wrong AppSecret', { appSecret: 'not-the-secret' }, 'A403IS'],
    ['an unknown AppKey', { appKey: 'someone-else' }, 'A400IK'],
  ])('%s is unauthorized and names speedpix', async (_, credentials, providerCode) => {
    const { clock, emulator } = world()
    const adapter = createSpeedpix({
      ...SPEEDPIX_DEFAULT_CREDENTIALS,
      ...credentials,
      baseUrl: inProcessBaseUrl('speedpix'),
      fetch: emulator.fetch,
      clock,
    })
    const error = await clock
      .run(() => adapter.submit('txt2img', { prompt: 'x' }))
      .catch((e: unknown) => e)
    expect(error).toMatchObject({
      code: 'unauthorized',
      provider: 'speedpix',
      providerCode,
      retryable: false,
    })
    expect((error as Error).message).toMatch(/^speedpix submit failed/)
    expect((error as Error).message).not.toContain('not-the-secret')
  })

  it('a clock 20 minutes off is unauthorized (Invalid Timestamp)', async () => {
    const { clock, emulator } = world()
    const skewed = new VirtualClock({ start: clock.now() - 20 * 60_000 })
    const adapter = createSpeedpix({
      ...SPEEDPIX_DEFAULT_CREDENTIALS,
      baseUrl: inProcessBaseUrl('speedpix'),
      fetch: emulator.fetch,
      clock: skewed,
    })
    const error = await skewed
      .run(() => adapter.submit('txt2img', { prompt: 'x' }))
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'unauthorized', providerCode: 'A400IT' })
  })

  it('an input the provider refuses never reaches it', async () => {
    const { clock, emulator, adapter } = world()
    const error = await clock
      .run(() => adapter.submit('txt2img', { prompt: 'x', width: 2050 }))
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'invalid_input' })
    expect(emulator.simulator.size).toBe(0)
  })
})

describe('speedpix end to end, over loopback HTTP', () => {
  const clock = new VirtualClock()
  const emulator = createSpeedpixEmulator({ clock, seed: 5 })
  let served: ServedApp
  beforeAll(async () => {
    served = await serveApp(emulator.app)
  })
  afterAll(() => served.close())

  it('runs txt2img from submit to image bytes with the virtual clock', async () => {
    const adapter = createSpeedpix({ ...SPEEDPIX_DEFAULT_CREDENTIALS, baseUrl: served.url, clock })
    const { final } = await runToEnd(adapter, clock, 'txt2img', {
      prompt: 'over the wire',
      count: 2,
      width: 80,
      height: 64,
    })
    expect(final.state).toBe('succeeded')
    expect(final.images[1]?.url).toMatch(new RegExp(`^${served.url}/images/`))
    const image = await clock.run(() => adapter.image(handleOf(final), 1))
    expectPng(image.bytes, 80, 64)
  })

  it('refuses a wrong secret over the wire too', async () => {
    const adapter = createSpeedpix({
      appKey: 'demo-app-key',
      appSecret: 'wrong',
      baseUrl: served.url,
      clock,
    })
    const error = await clock
      .run(() => adapter.submit('txt2img', { prompt: 'x' }))
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'unauthorized', provider: 'speedpix', status: 403 })
  })
})
