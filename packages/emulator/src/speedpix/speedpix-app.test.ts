import {
  apiGatewayStringToSign,
  computeApiGatewaySignature,
  md5Base64,
  utf8,
} from '@darkroom/core/signing'
import fc from 'fast-check'
import { decode } from 'fast-png'
import { describe, expect, it } from 'vitest'
import { signImageUrl } from '../shared/signed-url.js'
import {
  SPEEDPIX_TEST_BASE,
  SPEEDPIX_TEST_CONTENT_TYPE,
  SPEEDPIX_TEST_IMAGE_SECRET,
  speedpixClient,
} from '../testing/index.js'
import { createSpeedpixEmulator, SPEEDPIX_DEFAULT_CREDENTIALS } from './index.js'

describe('speedpix emulator: envelopes', () => {
  it('accepts a signed submit and answers the envelope with a waiting task', async () => {
    const env = speedpixClient()
    const { res, body } = await env.submit({ prompt: 'a cat' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('application/json')
    expect(res.headers.get('x-ca-request-id')).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-/)
    expect(body).toEqual({
      status: 10,
      apiInvokeId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      data: { taskId: expect.stringMatching(/^[0-9a-hjkmnp-tv-z]{25}$/), status: 'waiting' },
      errCode: null,
      errMessage: null,
      subErrCode: null,
      subErrMessage: null,
      startTime: env.clock.now(),
      endTime: env.clock.now(),
    })
  })

  it('replays the same task ids for the same seed', async () => {
    const ids = async () =>
      (await speedpixClient({ seed: 3 }).submit({ prompt: 'x' })).body.data.taskId
    expect(await ids()).toBe(await ids())
  })
})

describe('speedpix emulator: the gateway signature check', () => {
  const refusal = (res: Response) => ({
    status: res.status,
    code: res.headers.get('x-ca-error-code'),
    message: res.headers.get('x-ca-error-message'),
    requestId: res.headers.get('x-ca-request-id'),
  })

  it.each([
    ['an unknown AppKey', { appKey: 'nobody' }, 400, 'A400IK', 'Invalid AppKey'],
    [
      'a wrong AppSecret',
      { appSecret: 'wrong' },
      403,
      'A403IS',
      'Invalid Signature, Server StringToSign:`POST#application/json; charset=utf-8#',
    ],
    [
      'a stale timestamp',
      { now: Date.UTC(2024, 5, 11, 7, 44, 59) },
      400,
      'A400IT',
      'Invalid Timestamp',
    ],
    [
      'a timestamp from the future',
      { now: Date.UTC(2024, 5, 11, 8, 15, 1) },
      400,
      'A400IT',
      'Invalid Timestamp',
    ],
    [
      'a wrong content-md5',
      { md5: 'AAAAAAAAAAAAAAAAAAAAAA==' },
      400,
      'A400IM',
      'Invalid Content-MD5',
    ],
    [
      'HmacSHA1',
      { signatureMethod: 'HmacSHA1' },
      400,
      'I400HD',
      'Invalid Header `X-Ca-Signature-Method` HmacSHA1 unsupported',
    ],
  ] as const)('refuses %s with an empty body', async (_, options, status, code, message) => {
    const env = speedpixClient()
    const res = await env.signed('/scc/sd_txt2img', '{"prompt":"x"}', options)
    expect(refusal(res)).toMatchObject({ status, code, requestId: expect.any(String) })
    expect(res.headers.get('x-ca-error-message')).toContain(message)
    expect(await res.text()).toBe('')
    expect(env.emulator.simulator.size).toBe(0)
  })

  it('accepts timestamps up to 15 minutes off', async () => {
    const env = speedpixClient()
    const { res } = await env.submit({ prompt: 'x' }, 'txt2img', {
      now: env.clock.now() - 15 * 60_000,
    })
    expect(res.status).toBe(200)
  })

  it('refuses a body changed after signing when content-md5 is sent', async () => {
    const env = speedpixClient()
    const res = await env.signed('/scc/sd_txt2img', '{"prompt":"x"}', {
      sendBody: '{"prompt":"y"}',
    })
    expect(refusal(res)).toMatchObject({ status: 400, code: 'A400IM' })
  })

  it('refuses a reused nonce, but not a nonce whose first use was refused', async () => {
    const env = speedpixClient()
    const bad = await env.signed('/scc/sd_get_progress', '{}', { nonce: 'n-1', appSecret: 'x' })
    expect(bad.status).toBe(403)
    expect((await env.signed('/scc/sd_get_progress', '{}', { nonce: 'n-1' })).status).toBe(200)
    const again = await env.signed('/scc/sd_get_progress', '{}', { nonce: 'n-1' })
    expect(refusal(again)).toMatchObject({ status: 400, code: 'A400NU', message: 'Nonce Used' })
  })

  it('names the first missing header', async () => {
    const env = speedpixClient()
    const res = await env.emulator.fetch(`${SPEEDPIX_TEST_BASE}/scc/sd_txt2img`, {
      method: 'POST',
      body: '{}',
    })
    expect(refusal(res)).toMatchObject({
      status: 400,
      code: 'I400MH',
      message: 'Header `X-Ca-Key` is Required',
    })
  })

  it('answers API not found for other paths and methods', async () => {
    const env = speedpixClient()
    for (const [method, path] of [
      ['GET', '/scc/sd_txt2img'],
      ['POST', '/scc/sd_upscale'],
    ]) {
      const res = await env.emulator.fetch(`${SPEEDPIX_TEST_BASE}${path}`, { method })
      expect(refusal(res)).toMatchObject({ status: 404, code: 'I404NF', message: 'API not found' })
    }
  })

  it('verifies whatever headers the client lists as signed (official SDK style)', async () => {
    const env = speedpixClient()
    const body = '{"prompt":"x"}'
    const headers: Record<string, string> = {
      accept: SPEEDPIX_TEST_CONTENT_TYPE,
      'content-type': SPEEDPIX_TEST_CONTENT_TYPE,
      'content-md5': md5Base64(utf8(body)),
      date: new Date(env.clock.now()).toUTCString(),
      'x-ca-key': SPEEDPIX_DEFAULT_CREDENTIALS.appKey,
      'x-ca-nonce': crypto.randomUUID(),
      'x-ca-timestamp': String(env.clock.now()),
      'x-ca-signature-method': 'HmacSHA256',
      'x-ca-stage': 'RELEASE',
      'x-ca-signature-headers':
        'x-ca-key,x-ca-nonce,x-ca-signature-method,x-ca-stage,x-ca-timestamp',
    }
    const stringToSign = apiGatewayStringToSign({
      method: 'POST',
      url: `${SPEEDPIX_TEST_BASE}/scc/sd_txt2img`,
      headers,
      signedHeaders: headers['x-ca-signature-headers']?.split(',') ?? [],
    })
    headers['x-ca-signature'] = await computeApiGatewaySignature(
      stringToSign,
      SPEEDPIX_DEFAULT_CREDENTIALS.appSecret,
    )
    const ok = await env.emulator.fetch(`${SPEEDPIX_TEST_BASE}/scc/sd_txt2img`, {
      method: 'POST',
      headers,
      body,
    })
    expect(ok.status).toBe(200)
    const tampered = { ...headers, 'x-ca-nonce': crypto.randomUUID(), 'x-ca-stage': 'TEST' }
    const res = await env.emulator.fetch(`${SPEEDPIX_TEST_BASE}/scc/sd_txt2img`, {
      method: 'POST',
      headers: tampered,
      body,
    })
    expect(res.status).toBe(403)
  })
})

describe('speedpix emulator: input validation', () => {
  const invalid = (sub: string, message: string | RegExp) => ({
    status: 20,
    data: null,
    errCode: 'INVALID_PARAMETER',
    errMessage: 'invalid parameter',
    subErrCode: sub,
    subErrMessage: typeof message === 'string' ? message : expect.stringMatching(message),
  })

  it.each([
    [{}, 'MISSING_PARAMETER', 'prompt is required'],
    [{ prompt: '   ' }, 'MISSING_PARAMETER', 'prompt must not be blank'],
    [{ prompt: 7 }, 'PARAMETER_TYPE_MISMATCH', 'prompt must be a string, got number'],
    [
      { prompt: 'x', width: 4096 },
      'PARAMETER_OUT_OF_RANGE',
      'width must be a whole number from 64 to 2048 and a multiple of 8, got 4096',
    ],
    [
      { prompt: 'x', height: 500 },
      'PARAMETER_OUT_OF_RANGE',
      /^height must be .* multiple of 8, got 500$/,
    ],
    [
      { prompt: 'x', batch_size: 9 },
      'PARAMETER_OUT_OF_RANGE',
      'batch_size must be a whole number from 1 to 8, got 9',
    ],
    [{ prompt: 'x', steps: '20' }, 'PARAMETER_TYPE_MISMATCH', 'steps must be a number, got string'],
    [
      { prompt: 'x', cfg_scale: 31 },
      'PARAMETER_OUT_OF_RANGE',
      'cfg_scale must be a number from 1 to 30, got 31',
    ],
    [{ prompt: 'x', seed: -2 }, 'PARAMETER_OUT_OF_RANGE', /^seed must be a whole number from -1/],
    [
      { prompt: 'x', sampler_name: 'Euler b' },
      'PARAMETER_NOT_SUPPORTED',
      'sampler_name "Euler b" is not supported',
    ],
    [{ prompt: 'x', clip_skip: 13 }, 'PARAMETER_OUT_OF_RANGE', /^clip_skip must be/],
    [
      {
        prompt: 'x',
        alwayson_scripts: {
          controlnet: {
            units: [
              {
                module: 'canny',
                model: 'm',
                input_image: 'u',
                guidance_start: 0.9,
                guidance_end: 0.1,
              },
            ],
          },
        },
      },
      'PARAMETER_OUT_OF_RANGE',
      'controlnet unit 0: guidance_start must not exceed guidance_end',
    ],
    [
      { prompt: 'x', alwayson_scripts: { controlnet: { units: [{ module: 'canny' }] } } },
      'MISSING_PARAMETER',
      'model is required',
    ],
  ])('refuses %j', async (payload, sub, message) => {
    const { body, res } = await speedpixClient().submit(payload)
    expect(res.status).toBe(200)
    expect(body).toMatchObject(invalid(sub, message))
  })

  it('needs init_images for img2img and checks denoising_strength', async () => {
    const env = speedpixClient()
    expect((await env.submit({ prompt: 'x' }, 'img2img')).body).toMatchObject(
      invalid('MISSING_PARAMETER', 'init_images is required'),
    )
    expect(
      (
        await env.submit(
          { prompt: 'x', init_images: ['https://x.test/a.png'], denoising_strength: 2 },
          'img2img',
        )
      ).body,
    ).toMatchObject(invalid('PARAMETER_OUT_OF_RANGE', /^denoising_strength must be/))
    expect(
      (await env.submit({ prompt: 'x', init_images: ['https://x.test/a.png'] }, 'img2img')).body
        ?.status,
    ).toBe(10)
  })

  it('refuses a body that is not JSON', async () => {
    const env = speedpixClient()
    const res = await env.signed('/scc/sd_txt2img', 'prompt=x')
    expect(await res.json()).toMatchObject(
      invalid('MALFORMED_REQUEST_BODY', 'the request body must be a JSON object'),
    )
  })

  it('checks the resource pool header', async () => {
    const env = speedpixClient()
    const bad = await env.submit({ prompt: 'x' }, 'txt2img', {
      extra: { 'x-sp-resource-config-id': 'no pool!' },
    })
    expect(bad.body).toMatchObject({ status: 20, errCode: 'RESOURCE_CONFIG_NOT_FOUND' })
    const good = await env.submit({ prompt: 'x' }, 'txt2img', {
      extra: { 'x-sp-resource-config-id': 'pool-1' },
    })
    expect(good.body.status).toBe(10)
  })

  it('needs a known taskId for progress and result', async () => {
    const env = speedpixClient()
    expect((await env.call('/scc/sd_get_progress', {})).body).toMatchObject(
      invalid('MISSING_PARAMETER', 'taskId is required'),
    )
    expect((await env.call('/scc/sd_get_result', { taskId: 5 })).body).toMatchObject(
      invalid('PARAMETER_TYPE_MISMATCH', 'taskId must be a string, got number'),
    )
    expect((await env.progress('nope')).body).toMatchObject({
      status: 20,
      errCode: 'TASK_NOT_FOUND',
      data: null,
    })
  })
})

describe('speedpix emulator: a task over time', () => {
  it('reports queue position, stepped progress, noisy ETA once running, then successed and succeeded', async () => {
    const env = speedpixClient()
    const ids: string[] = []
    for (let i = 0; i < 3; i++)
      ids.push(
        (await env.submit({ prompt: 'x', steps: 10, batch_size: 2, width: 96, height: 64 })).body
          ?.data.taskId,
      )
    const [first, , third] = ids as [string, string, string]
    // The queue is FIFO: fixed 2 s waits, so nobody is ahead of anyone at submit... except by order.
    const waiting = (await env.progress(third)).body.data
    // The documentation's own in-queue example: no estimate while waiting, etaRelative 0.
    expect(waiting).toMatchObject({
      status: 'waiting',
      progress: 0,
      lastQueueRemaining: 2,
      etaRelative: 0,
      message: 'waiting in queue',
    })
    expect(waiting.state).toMatchObject({ sampling_step: 0, sampling_steps: 10, job_count: 0 })
    const early = (await env.result(first)).body
    expect(early).toMatchObject({
      status: 20,
      errCode: 'TASK_NOT_FINISHED',
      data: { status: 'waiting' },
    })

    await env.clock.advance(2000 + 5500)
    const running = (await env.progress(first)).body.data
    expect(running).toMatchObject({ status: 'running', progress: 0.5, lastQueueRemaining: null })
    expect(running.state).toMatchObject({
      sampling_step: 5,
      sampling_steps: 10,
      job_count: 1,
      job_timestamp: '20240611160002',
    })
    expect(running.etaRelative).toBeGreaterThan(4.5 * 0.75)
    expect(running.etaRelative).toBeLessThan(4.5 * 1.25)

    await env.clock.advance(4500)
    const done = (await env.progress(first)).body
    expect(done).toMatchObject({
      status: 10,
      data: { status: 'successed', progress: 1, etaRelative: 0 },
    })
    const final = (await env.result(first)).body
    expect(final).toMatchObject({
      status: 10,
      data: {
        status: 'succeeded',
        parameters: {
          prompt: 'x',
          batch_size: 2,
          width: 96,
          height: 64,
          steps: 10,
          negtive_prompt: '',
        },
      },
    })
    expect(final?.data.images).toHaveLength(2)
    expect(JSON.parse(final?.data.info)).toMatchObject({
      width: 96,
      height: 64,
      all_seeds: [expect.any(Number), expect.any(Number)],
    })
  })

  it('serves real PNGs at expiring signed URLs, OSS style', async () => {
    const env = speedpixClient()
    const taskId = (await env.submit({ prompt: 'x', batch_size: 2, width: 96, height: 64 })).body
      ?.data.taskId
    await env.clock.advance(12_000)
    const [url0, url1] = (await env.result(taskId)).body.data.images as [string, string]
    expect(url0).toMatch(
      new RegExp(
        `^${SPEEDPIX_TEST_BASE}/images/${taskId}/0\\.png\\?OSSAccessKeyId=.+&Expires=\\d+&Signature=`,
      ),
    )
    const res = await env.emulator.fetch(url1)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    const png = decode(new Uint8Array(await res.arrayBuffer()))
    expect([png.width, png.height]).toEqual([96, 64])

    const tampered = url0.replace(`/${taskId}/0.png`, `/${taskId}/1.png`)
    const refused = await env.emulator.fetch(tampered)
    expect(refused.status).toBe(403)
    expect(await refused.text()).toContain('<Code>SignatureDoesNotMatch</Code>')
    const missing = await signImageUrl({
      baseUrl: SPEEDPIX_TEST_BASE,
      path: `images/${taskId}/2.png`,
      expiresAt: env.clock.now() + 1000,
      secret: SPEEDPIX_TEST_IMAGE_SECRET,
    })
    const notFound = await env.emulator.fetch(missing)
    expect(notFound.status).toBe(404)
    expect(await notFound.text()).toContain('<Code>NoSuchKey</Code>')

    await env.clock.advance(3_600_000 + 1000)
    const expired = await env.emulator.fetch(url0)
    expect(expired.status).toBe(403)
    expect(await expired.text()).toMatch(/<Code>AccessDenied<\/Code>[\s\S]*Request has expired\./)
    const fresh = (await env.result(taskId)).body.data.images[0] as string
    expect((await env.emulator.fetch(fresh)).status).toBe(200)
  })
})

describe('speedpix emulator: markers', () => {
  async function endOf(prompt: string) {
    const env = speedpixClient()
    const taskId = (await env.submit({ prompt })).body.data.taskId
    await env.clock.advance(12_000)
    return {
      progress: (await env.progress(taskId)).body,
      result: (await env.result(taskId)).body,
    }
  }

  it('[[fail:failed]] fails the task with SD_WEBUI_ERROR', async () => {
    const { progress: p, result: r } = await endOf('a cat [[fail:failed]]')
    expect(p).toMatchObject({
      status: 20,
      errCode: 'TASK_FAILED',
      subErrCode: 'SD_WEBUI_ERROR',
      subErrMessage: 'Stable Diffusion WebUI reported an error while sampling',
      data: { status: 'failed' },
    })
    expect(r).toMatchObject({ status: 20, errCode: 'TASK_FAILED', data: { status: 'failed' } })
  })

  it.each(['cancelled', 'canceled'])('[[fail:%s]] ends the task with that word', async (word) => {
    const { progress: p, result: r } = await endOf(`x [[fail:${word}]]`)
    expect(p).toMatchObject({
      status: 10,
      errCode: null,
      data: { status: word, message: 'task cancelled' },
    })
    expect(r).toMatchObject({ status: 20, errCode: 'TASK_CANCELLED', data: { status: word } })
  })

  it('[[fail:<code>]] fails with that sub code', async () => {
    expect((await endOf('x [[fail:GPU_OOM]]')).progress).toMatchObject({
      subErrCode: 'GPU_OOM',
      subErrMessage: expect.stringContaining('CUDA out of memory'),
    })
    expect((await endOf('x [[fail:WEIRD_1]]')).progress).toMatchObject({
      subErrCode: 'WEIRD_1',
      subErrMessage: 'task failed: WEIRD_1',
    })
  })

  it('[[duration:N]] sets the run time', async () => {
    const env = speedpixClient()
    const taskId = (await env.submit({ prompt: 'x [[duration:30]]' })).body.data.taskId
    await env.clock.advance(2000 + 29_000)
    expect((await env.progress(taskId)).body.data.status).toBe('running')
    await env.clock.advance(1000)
    expect((await env.progress(taskId)).body.data.status).toBe('successed')
  })
})

describe('speedpix emulator: faults', () => {
  it('rate limits with HTTP 429, Retry-After and the gateway headers', async () => {
    const { res } = await speedpixClient({ faults: { rateLimitRate: 1 } }).submit({ prompt: 'x' })
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBe('1')
    expect(res.headers.get('x-ca-error-code')).toBe('T429PA')
    expect(res.headers.get('x-ca-error-message')).toBe('Throttled by API Flow Control')
  })

  it('fails with the gateway 503, truncates JSON, and drops connections', async () => {
    const { res } = await speedpixClient({ faults: { serverErrorRate: 1 } }).submit({ prompt: 'x' })
    expect([res.status, res.headers.get('x-ca-error-code')]).toEqual([503, 'D503CB'])
    const malformed = await speedpixClient({ faults: { malformedRate: 1 } }).signed(
      '/scc/sd_txt2img',
      '{"prompt":"x"}',
    )
    await expect(malformed.json()).rejects.toThrow()
    await expect(
      speedpixClient({ faults: { dropRate: 1 } }).signed('/scc/sd_txt2img', '{"prompt":"x"}'),
    ).rejects.toThrow(TypeError)
  })

  it('leaves image downloads alone', async () => {
    const env = speedpixClient()
    const taskId = (await env.submit({ prompt: 'x' })).body.data.taskId
    await env.clock.advance(12_000)
    const url = (await env.result(taskId)).body.data.images[0] as string
    // Every /scc call of this one fails, yet its image host answers (here: it has no such task).
    const faulty = createSpeedpixEmulator({
      clock: env.clock,
      faults: { serverErrorRate: 1 },
      imageUrlSecret: SPEEDPIX_TEST_IMAGE_SECRET,
    })
    const res = await faulty.fetch(url)
    expect(res.status).toBe(404)
    expect(await res.text()).toContain('<Code>NoSuchKey</Code>')
  })
})

describe('speedpix emulator: arbitrary bodies', () => {
  it('answers any signed body with an envelope, never a crash', async () => {
    const env = speedpixClient()
    const path = fc.constantFrom(
      '/scc/sd_txt2img',
      '/scc/sd_img2img',
      '/scc/sd_get_progress',
      '/scc/sd_get_result',
    )
    const body = fc.oneof(
      fc.jsonValue().map((value) => JSON.stringify(value)),
      fc
        .record({ prompt: fc.jsonValue(), width: fc.jsonValue(), init_images: fc.jsonValue() })
        .map((value) => JSON.stringify(value)),
      fc.string(),
    )
    await fc.assert(
      fc.asyncProperty(path, body, async (p, text) => {
        const res = await env.signed(p, text)
        expect(res.status).toBe(200)
        const answer = (await res.json()) as { status: number; errCode: string | null }
        expect([10, 20]).toContain(answer.status)
        expect(answer.status === 20).toBe(answer.errCode !== null)
      }),
      { numRuns: 200 },
    )
  })
})
