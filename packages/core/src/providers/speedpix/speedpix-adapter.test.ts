import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import {
  DarkroomError,
  InvalidHandleError,
  InvalidInputError,
  ProviderApiError,
  ResponseValidationError,
} from '../../errors/index.js'
import { type JobHandle, JobSchema } from '../../model/index.js'
import {
  hasValidSpeedpixSignature,
  ossError,
  pngBytes,
  type Reply,
  type Routes,
  SPEEDPIX_TEST_CREDENTIALS,
  speedpixEnvelope,
  speedpixGatewayError,
  speedpixOk,
  speedpixWith,
} from '../../testing/index.js'
import errorInvalidParameter from './__fixtures__/error-invalid-parameter.json' with {
  type: 'json',
}
import errorTaskNotFound from './__fixtures__/error-task-not-found.json' with { type: 'json' }
import progressCancelled from './__fixtures__/progress-cancelled.json' with { type: 'json' }
import progressFailed from './__fixtures__/progress-failed.json' with { type: 'json' }
import progressRunning from './__fixtures__/progress-running.json' with { type: 'json' }
import progressSuccessed from './__fixtures__/progress-successed.json' with { type: 'json' }
import progressWaiting from './__fixtures__/progress-waiting.json' with { type: 'json' }
import resultSucceeded from './__fixtures__/result-succeeded.json' with { type: 'json' }
import submitWaiting from './__fixtures__/submit-waiting.json' with { type: 'json' }
import { createSpeedpix } from './speedpix-adapter.js'

const TASK = '01j5t2qx82323pswaqykz9eq4'
const HANDLE: JobHandle = {
  provider: 'speedpix',
  operation: 'txt2img',
  providerJobId: TASK,
  meta: { width: '768', height: '512' },
}

async function failure(promise: Promise<unknown>): Promise<DarkroomError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(DarkroomError.isInstance(error)).toBe(true)
  return error as DarkroomError
}

describe('speedpix adapter: submit', () => {
  it('signs a POST with the wire names and returns a queued job with its handle', async () => {
    const { adapter, requests, clock } = speedpixWith(
      { '/scc/sd_txt2img': { json: submitWaiting } },
      { resourceConfigId: 'pool-1' },
    )
    const job = await clock.run(() =>
      adapter.submit('txt2img', { prompt: 'a lighthouse', negativePrompt: 'blurry', width: 768 }),
    )
    expect(v.parse(JobSchema, job)).toMatchObject({
      provider: 'speedpix',
      operation: 'txt2img',
      providerJobId: TASK,
      state: 'queued',
      providerStatus: 'waiting',
      createdAt: '2024-06-11T08:00:00.000Z',
    })
    const [request] = requests
    expect(request?.method).toBe('POST')
    expect(request?.url.pathname).toBe('/scc/sd_txt2img')
    // Only the fields set: the pool's defaults apply to the rest (speedpix-wire-body.test.ts).
    expect(JSON.parse(request?.body ?? '')).toEqual({
      prompt: 'a lighthouse',
      negtive_prompt: 'blurry',
      width: 768,
    })
    expect(request?.headers.get('x-sp-resource-config-id')).toBe('pool-1')
    expect(request?.headers.get('x-ca-key')).toBe(SPEEDPIX_TEST_CREDENTIALS.appKey)
    expect(request?.headers.get('x-ca-nonce')).toMatch(/^[0-9a-f-]{36}$/)
    expect(
      await hasValidSpeedpixSignature(request as never, SPEEDPIX_TEST_CREDENTIALS.appSecret),
    ).toBe(true)
  })

  it('refuses bad input before sending anything', async () => {
    const { adapter, requests } = speedpixWith({})
    const error = await failure(adapter.submit('txt2img', { prompt: 'x', width: 4096 }))
    expect(InvalidInputError.isInstance(error)).toBe(true)
    expect(error.message).toContain('width')
    expect(InvalidInputError.isInstance(await failure(adapter.submit('upscale', {})))).toBe(true)
    expect(requests).toHaveLength(0)
  })

  it('never retries a submit, even after a 503', async () => {
    const { adapter, calls, clock } = speedpixWith({
      '/scc/sd_img2img': speedpixGatewayError(503, 'Backend circuit breaker busy', 'D503CB'),
    })
    const error = await failure(
      clock.run(() =>
        adapter.submit('img2img', { prompt: 'x', imageUrls: ['https://x.test/a.png'] }),
      ),
    )
    expect(error).toMatchObject({ code: 'provider_error', retryable: true, call: 'submit' })
    expect(calls('/scc/sd_img2img')).toBe(1)
  })

  it('turns a parameter error into invalid_input with the service message', async () => {
    const { adapter, clock } = speedpixWith({ '/scc/sd_txt2img': { json: errorInvalidParameter } })
    const error = await failure(clock.run(() => adapter.submit('txt2img', { prompt: 'x' })))
    expect(error).toMatchObject({
      code: 'invalid_input',
      providerCode: 'PARAMETER_OUT_OF_RANGE',
      requestId: 'c074d395-f1b8-42f5-a496-a3e18fd26097',
    })
    expect(error.message).toContain('width must be a whole number from 64 to 2048')
  })

  it('an answer without a task id leaves the outcome unknown (the task may exist)', async () => {
    const { adapter, clock } = speedpixWith({
      '/scc/sd_txt2img': speedpixOk({ status: 'waiting' }),
    })
    const error = await failure(clock.run(() => adapter.submit('txt2img', { prompt: 'x' })))
    expect(error).toMatchObject({ code: 'submit_outcome_unknown', retryable: false })
    expect(ResponseValidationError.isInstance(error.cause)).toBe(true)
    expect(error.cause).toMatchObject({ call: 'submit', fields: ['data.taskId'] })
  })
})

describe('speedpix adapter: status', () => {
  const progress = (body: unknown): Routes => ({
    '/scc/sd_get_progress': { json: body },
    '/scc/sd_get_result': { json: resultSucceeded },
  })

  it('reads the queue position while waiting (and no ETA: the documented answer says 0)', async () => {
    const { adapter, requests, calls, clock } = speedpixWith(progress(progressWaiting))
    const job = await clock.run(() => adapter.status(HANDLE))
    expect(job).toMatchObject({
      state: 'queued',
      providerStatus: 'waiting',
      queuePosition: 3,
      etaSeconds: null,
      etaSource: null,
      progress: 0,
      message: 'waiting in queue',
    })
    expect(JSON.parse(requests[0]?.body ?? '')).toEqual({ taskId: TASK })
    expect(calls('/scc/sd_get_result')).toBe(0)
  })

  it('reads progress while running, from the state when progress is missing', async () => {
    const { adapter, clock } = speedpixWith(progress(progressRunning))
    expect(await clock.run(() => adapter.status(HANDLE))).toMatchObject({
      state: 'running',
      progress: 0.45,
      queuePosition: null,
      etaSeconds: 6.6,
    })
    const noProgress = { ...progressRunning, data: { ...progressRunning.data, progress: null } }
    const { adapter: second, clock: clock2 } = speedpixWith(progress(noProgress))
    expect((await clock2.run(() => second.status(HANDLE))).progress).toBe(9 / 20)
  })

  it('fetches the result once progress says successed, and fills the images', async () => {
    const { adapter, calls, clock } = speedpixWith(progress(progressSuccessed))
    const job = await clock.run(() => adapter.status(HANDLE, { raw: true }))
    expect(v.parse(JobSchema, job)).toMatchObject({
      state: 'succeeded',
      providerStatus: 'successed',
      progress: 1,
      etaSeconds: null,
      error: null,
    })
    expect(job.images).toHaveLength(2)
    expect(job.images[1]).toEqual({
      index: 1,
      url: expect.stringContaining('/results/01j5t2qx82323pswaqykz9eq4/1.png?'),
      width: 768,
      height: 512,
      expiresAt: '2024-06-11T09:00:20.000Z',
      mimeType: 'image/png',
    })
    expect(job.raw).toMatchObject({ progress: { data: { status: 'successed' } } })
    expect(calls('/scc/sd_get_result')).toBe(1)
  })

  it('reports a failed task as a failed job with the sub error message', async () => {
    const { adapter, clock } = speedpixWith(progress(progressFailed))
    const job = await clock.run(() => adapter.status(HANDLE))
    expect(v.parse(JobSchema, job)).toMatchObject({
      state: 'failed',
      providerStatus: 'failed',
      error: {
        code: 'provider_error',
        retryable: false,
        providerCode: 'SD_WEBUI_ERROR',
        message: 'Stable Diffusion WebUI reported an error while sampling',
      },
    })
  })

  it('lets a known sub code refine a failure, and falls back to data.message', async () => {
    const oom = { ...progressFailed, subErrCode: 'GPU_OOM', subErrMessage: 'CUDA out of memory' }
    const { adapter, clock } = speedpixWith(progress(oom))
    expect((await clock.run(() => adapter.status(HANDLE))).error).toEqual({
      code: 'out_of_resources',
      retryable: true,
      providerCode: 'GPU_OOM',
      message: 'CUDA out of memory',
    })
    const bare = { ...progressCancelled, data: { ...progressFailed.data, message: 'worker died' } }
    const { adapter: second, clock: clock2 } = speedpixWith(progress(bare))
    expect((await clock2.run(() => second.status(HANDLE))).error).toEqual({
      code: 'provider_error',
      retryable: false,
      providerCode: 'failed',
      message: 'worker died',
    })
  })

  it.each(['cancelled', 'canceled'])('maps %s to canceled', async (word) => {
    const body = { ...progressCancelled, data: { ...progressCancelled.data, status: word } }
    const { adapter, clock } = speedpixWith(progress(body))
    expect(await clock.run(() => adapter.status(HANDLE))).toMatchObject({
      state: 'canceled',
      providerStatus: word,
      error: null,
    })
  })

  it.each([
    ['waiting', 'queued'],
    ['running', 'running'],
    ['successed', 'succeeded'],
    ['succeeded', 'succeeded'],
    ['failed', 'failed'],
    ['cancelled', 'canceled'],
    ['canceled', 'canceled'],
  ])('the progress word %s reaches %s through status()', async (word, state) => {
    const { adapter, clock } = speedpixWith(
      progress(speedpixEnvelope({ taskId: TASK, status: word })),
    )
    const job = await clock.run(() => adapter.status(HANDLE))
    expect(v.parse(JobSchema, job)).toMatchObject({ state, providerStatus: word })
    expect(job.images).toHaveLength(state === 'succeeded' ? 2 : 0)
    expect(job.error?.code ?? null).toBe(state === 'failed' ? 'provider_error' : null)
  })

  it('tolerates null and extra fields', async () => {
    const body = speedpixEnvelope({
      taskId: null,
      status: 'running',
      progress: null,
      lastQueueRemaining: null,
      etaRelative: null,
      message: null,
      state: null,
      somethingNew: { nested: [1, 2] },
    })
    const { adapter, clock } = speedpixWith(progress(body))
    expect(await clock.run(() => adapter.status(HANDLE))).toMatchObject({
      state: 'running',
      progress: null,
      etaSeconds: null,
      etaSource: null,
      message: null,
      warnings: [],
    })
  })

  it('keeps an unknown word pending with a warning', async () => {
    const body = { ...progressRunning, data: { ...progressRunning.data, status: 'paused' } }
    const { adapter, clock } = speedpixWith(progress(body))
    expect(await clock.run(() => adapter.status(HANDLE))).toMatchObject({
      state: 'running',
      warnings: ['unrecognized-status:paused'],
    })
  })

  it('stays running when the result is not ready yet', async () => {
    const { adapter, clock } = speedpixWith({
      '/scc/sd_get_progress': { json: progressSuccessed },
      '/scc/sd_get_result': {
        json: { ...errorTaskNotFound, errCode: 'TASK_NOT_FINISHED', data: { status: 'running' } },
      },
    })
    expect(await clock.run(() => adapter.status(HANDLE))).toMatchObject({
      state: 'running',
      images: [],
      warnings: ['result-not-ready:running'],
    })
  })

  it('throws not_found for an unknown task and names the call', async () => {
    const { adapter, clock } = speedpixWith(progress(errorTaskNotFound))
    const error = await failure(clock.run(() => adapter.status(HANDLE)))
    expect(error).toMatchObject({
      code: 'not_found',
      call: 'status',
      providerCode: 'TASK_NOT_FOUND',
    })
  })

  it('refuses a handle of another provider', async () => {
    const { adapter } = speedpixWith({})
    const error = await failure(adapter.status({ ...HANDLE, provider: 'aidge' }))
    expect(InvalidHandleError.isInstance(error)).toBe(true)
  })
})

describe('speedpix adapter: call failures', () => {
  const answering = (reply: Reply) => speedpixWith({ '/scc/sd_get_progress': reply })

  it.each([
    [403, 'Invalid Signature, Server StringToSign:`POST#application/json...`', 'A403IS'],
    [400, 'Invalid Timestamp', 'A400IT'],
    [400, 'Nonce Used', 'A400NU'],
    [400, 'Invalid AppKey', 'A400IK'],
    [400, 'Invalid Content-MD5', 'A400IM'],
    [403, 'Unauthorized', null],
  ])('HTTP %i %s is unauthorized and names speedpix', async (status, message, code) => {
    const { adapter, clock } = answering(speedpixGatewayError(status, message, code))
    const error = await failure(clock.run(() => adapter.status(HANDLE)))
    expect(ProviderApiError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({
      code: 'unauthorized',
      retryable: false,
      provider: 'speedpix',
      status,
      requestId: 'C0FFEE00-0000-4000-8000-000000000001',
    })
    expect(error.message).toMatch(/^speedpix status failed/)
    expect(error.message).not.toContain('StringToSign')
  })

  it('HTTP 429 is rate_limited, retryable, and carries Retry-After', async () => {
    const { adapter, calls, clock } = answering(
      speedpixGatewayError(429, 'Throttled by API Flow Control', 'T429PA', { 'retry-after': '3' }),
    )
    const error = await failure(clock.run(() => adapter.status(HANDLE, { retries: 0 })))
    expect(error).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 3000 })
    expect(calls('/scc/sd_get_progress')).toBe(1)
  })

  it('the classic gateway throttling (403 Throttled by APP Flow Control) is rate_limited', async () => {
    const { adapter, clock } = answering(
      speedpixGatewayError(403, 'Throttled by APP Flow Control', null),
    )
    expect(await failure(clock.run(() => adapter.status(HANDLE)))).toMatchObject({
      code: 'rate_limited',
      retryable: true,
    })
  })

  it('retries an idempotent status call through a 5xx', async () => {
    const { adapter, clock, calls } = speedpixWith({
      '/scc/sd_get_progress': [
        speedpixGatewayError(503, 'Backend circuit breaker busy', 'D503CB'),
        { json: progressRunning },
      ],
    })
    expect((await clock.run(() => adapter.status(HANDLE))).state).toBe('running')
    expect(calls('/scc/sd_get_progress')).toBe(2)
  })

  it.each([
    ['a body that is not JSON', { text: '{"status":10,"da' }, ['(body)']],
    ['an array', { json: [1, 2] }, ['(root)']],
    ['no data.status', speedpixOk({ taskId: TASK, progress: 0.5 }), ['data.status']],
    ['a string progress', speedpixOk({ status: 'running', progress: '0.5' }), ['data.progress']],
  ])('answering %s is unexpected_response naming the field', async (_, reply, fields) => {
    const { adapter, clock } = answering(reply)
    const error = await failure(clock.run(() => adapter.status(HANDLE, { retries: 0 })))
    expect(ResponseValidationError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ provider: 'speedpix', call: 'status', fields })
  })

  it('a result with a wrong images field is unexpected_response on the result call', async () => {
    const { adapter, clock } = speedpixWith({
      '/scc/sd_get_progress': { json: progressSuccessed },
      '/scc/sd_get_result': speedpixOk({ images: 'nope', status: 'succeeded' }),
    })
    const error = await failure(clock.run(() => adapter.status(HANDLE)))
    expect(error).toMatchObject({
      code: 'unexpected_response',
      call: 'result',
      fields: ['data.images'],
    })
  })
})

describe('speedpix adapter: image', () => {
  const png = { bytes: pngBytes(768, 512), headers: { 'content-type': 'image/png' } }

  it('downloads the fresh result URL without signing headers', async () => {
    const { adapter, requests, clock } = speedpixWith({
      '/scc/sd_get_result': { json: resultSucceeded },
      'GET *': png,
    })
    const image = await clock.run(() => adapter.image(HANDLE, 1))
    expect(image.mimeType).toBe('image/png')
    expect(image.bytes.subarray(0, 4)).toEqual(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))
    const download = requests.find((r) => r.method === 'GET')
    expect(download?.url.pathname).toBe('/results/01j5t2qx82323pswaqykz9eq4/1.png')
    expect(download?.headers.get('x-ca-signature')).toBeNull()
  })

  it('fetches a fresh URL once when the first one has expired', async () => {
    const { adapter, calls, clock } = speedpixWith({
      '/scc/sd_get_result': { json: resultSucceeded },
      'GET *': [ossError(403, 'AccessDenied', 'Request has expired.'), png],
    })
    expect((await clock.run(() => adapter.image(HANDLE, 0))).mimeType).toBe('image/png')
    expect(calls('/scc/sd_get_result')).toBe(2)
  })

  it('gives up after the second refusal without showing the signed URL', async () => {
    const { adapter, calls, clock } = speedpixWith({
      '/scc/sd_get_result': { json: resultSucceeded },
      'GET *': ossError(403, 'AccessDenied', 'Request has expired.'),
    })
    const error = await failure(clock.run(() => adapter.image(HANDLE, 0)))
    expect(error).toMatchObject({ code: 'forbidden', call: 'image', providerCode: 'AccessDenied' })
    expect(error.message).toContain('Request has expired.')
    expect(error.message).not.toContain('Signature=')
    expect(calls('GET *')).toBe(2)
  })

  it('sniffs the type when the host does not say, and refuses a missing index', async () => {
    const { adapter, clock } = speedpixWith({
      '/scc/sd_get_result': { json: resultSucceeded },
      'GET *': { bytes: pngBytes(8, 8) },
    })
    expect((await clock.run(() => adapter.image(HANDLE, 0))).mimeType).toBe('image/png')
    expect(await failure(clock.run(() => adapter.image(HANDLE, 2)))).toMatchObject({
      code: 'not_found',
      call: 'image',
    })
    expect(InvalidInputError.isInstance(await failure(adapter.image(HANDLE, -1)))).toBe(true)
  })

  it('fails clearly when the task has no result', async () => {
    const { adapter, clock } = speedpixWith({ '/scc/sd_get_result': { json: errorTaskNotFound } })
    expect(await failure(clock.run(() => adapter.image(HANDLE, 0)))).toMatchObject({
      code: 'not_found',
      call: 'image',
    })
  })
})

describe('createSpeedpix', () => {
  it('checks its credentials and base URL up front', () => {
    expect(() => createSpeedpix({ appKey: '', appSecret: 'x' })).toThrow(/appKey/)
    expect(() => createSpeedpix({ appKey: 'k', appSecret: ' ' })).toThrow(/appSecret/)
    expect(() => createSpeedpix({ ...SPEEDPIX_TEST_CREDENTIALS, baseUrl: 'ftp://x' })).toThrow(
      /http/,
    )
  })
})
