import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { InvalidInputError, ProviderApiError, ResponseValidationError } from '../../errors/index.js'
import { JobSchema } from '../../model/job.js'
import { signAidge } from '../../signing/aidge.js'
import { AIDGE_FIXTURE_HANDLE, aidgeWith } from '../../testing/index.js'
import queryFailed from './__fixtures__/query-failed.json' with { type: 'json' }
import queryFinished from './__fixtures__/query-finished.json' with { type: 'json' }
import queryFinishedDoc from './__fixtures__/query-finished-doc.json' with { type: 'json' }
import queryRunning from './__fixtures__/query-running.json' with { type: 'json' }
import querySubmitted from './__fixtures__/query-submitted.json' with { type: 'json' }
import submitDoc from './__fixtures__/submit-doc.json' with { type: 'json' }
import submitSample from './__fixtures__/submit-sample.json' with { type: 'json' }
import { createAidge } from './aidge-adapter.js'
import { AIDGE_API } from './aidge-signing.js'

const input = {
  imageUrl: 'https://ae01.alicdn.com/kf/H873d9e029746449ca21737fcf595b781X.jpg',
  model: 'WHITE',
  gender: 'FEMALE',
  age: 'YOUTH',
  bgStyle: 'room',
  dimension: 768,
  count: 2,
  maskKeepBg: true,
}
const TASK = AIDGE_FIXTURE_HANDLE.providerJobId

describe('createAidge', () => {
  it('requires both credentials', () => {
    expect(() => createAidge({ accessKeyName: '', accessKeySecret: 's' })).toThrow(/accessKeyName/)
    expect(() => createAidge({ accessKeyName: 'k' } as never)).toThrow(/accessKeySecret/)
    expect(() =>
      createAidge({ accessKeyName: 'k', accessKeySecret: 's', baseUrl: 'nope' }),
    ).toThrow(/baseUrl/)
  })

  it('declares virtual-model with no progress, queue position or ETA', () => {
    const { adapter } = aidgeWith({})
    expect(adapter.id).toBe('aidge')
    expect(Object.keys(adapter.operations)).toEqual(['virtual-model'])
    expect(adapter.operations['virtual-model']?.capabilities).toEqual({
      progress: false,
      queuePosition: false,
      eta: false,
      imageUrls: true,
    })
  })
})

describe('aidge submit', () => {
  it('signs the URL with the clock time and sends the flat body with string values', async () => {
    const { adapter, clock, requests } = aidgeWith({ [AIDGE_API.submit]: { json: submitDoc } })
    const job = await adapter.submit('virtual-model', input)
    expect(requests).toHaveLength(1)
    const request = requests[0]
    if (!request) throw new Error('no request')
    expect(request.method).toBe('POST')
    expect(request.url.origin + request.url.pathname).toBe(
      'https://api.aidc-ai.com/rest/ai/virtual/model/generation/batch',
    )
    const timestamp = String(clock.now())
    expect([...request.url.searchParams]).toEqual([
      ['partner_id', 'aidge'],
      ['sign_method', 'sha256'],
      ['sign_ver', 'v2'],
      ['app_key', 'test-key'],
      ['timestamp', timestamp],
      ['sign', await signAidge({ accessKeySecret: 'testSecret', timestamp })],
    ])
    expect(request.headers.get('content-type')).toBe('application/json')
    expect(request.headers.has('x-iop-trial')).toBe(false)
    expect(JSON.parse(request.body)).toEqual({
      imageUrl: input.imageUrl,
      imageStyle: 'realPhoto',
      model: 'WHITE',
      gender: 'FEMALE',
      age: 'YOUTH',
      bgStyle: 'room',
      dimension: '768',
      count: '2',
      maskKeepBg: 'true',
    })
    expect(job).toMatchObject({
      provider: 'aidge',
      operation: 'virtual-model',
      providerJobId: TASK,
      state: 'queued',
      images: [],
      error: null,
    })
    expect(v.is(JobSchema, job)).toBe(true)
  })

  it('reads the task id from data.taskId too, keeps raw when asked, and sends x-iop-trial', async () => {
    const { adapter, requests } = aidgeWith(
      { [AIDGE_API.submit]: { json: submitSample } },
      { trial: true },
    )
    const job = await adapter.submit('virtual-model', input, { raw: true })
    expect(job.providerJobId).toBe(TASK)
    expect(job.raw).toEqual(submitSample)
    expect(requests[0]?.headers.get('x-iop-trial')).toBe('true')
  })

  it('refuses bad input and unknown operations before sending anything', async () => {
    const { adapter, requests } = aidgeWith({ [AIDGE_API.submit]: { json: submitDoc } })
    await expect(adapter.submit('virtual-model', { model: 'WHITE' })).rejects.toThrow(
      /imageUrl: imageUrl or imageBase64 is required/,
    )
    await expect(adapter.submit('txt2img', input)).rejects.toBeInstanceOf(InvalidInputError)
    expect(requests).toHaveLength(0)
  })

  it('is never retried, even after a 5xx', async () => {
    const { adapter, requests } = aidgeWith(
      { [AIDGE_API.submit]: [new Response('oops', { status: 503 })] },
      { retries: 3 },
    )
    const error = await adapter.submit('virtual-model', input).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'provider_error', retryable: true, status: 503 })
    expect(requests).toHaveLength(1)
  })

  it('an answer without a task id leaves the outcome unknown (the task may exist)', async () => {
    const { adapter } = aidgeWith({
      [AIDGE_API.submit]: { json: { success: true, resCode: 200, data: { result: {} } } },
    })
    const error = await adapter.submit('virtual-model', input).catch((e: unknown) => e)
    expect(error).toMatchObject({
      code: 'submit_outcome_unknown',
      provider: 'aidge',
      retryable: false,
    })
    const cause = (error as Error).cause
    expect(ResponseValidationError.isInstance(cause)).toBe(true)
    expect(cause).toMatchObject({ call: 'submit', fields: ['data.taskId'] })
  })
})

describe('aidge status', () => {
  it.each([
    ['submitted', querySubmitted, 'queued'],
    ['running', queryRunning, 'running'],
  ])('maps %s to %s', async (word, fixture, state) => {
    const { adapter, requests } = aidgeWith({ [AIDGE_API.query]: { json: fixture } })
    const job = await adapter.status(AIDGE_FIXTURE_HANDLE)
    expect(job).toMatchObject({ state, providerStatus: word, images: [], error: null })
    expect(job.progress).toBeNull()
    expect(job.queuePosition).toBeNull()
    expect(job.etaSeconds).toBeNull()
    expect(JSON.parse(requests[0]?.body ?? '')).toEqual({ taskId: TASK })
    expect(requests[0]?.url.pathname).toBe('/rest/ai/virtual/model/generation/query')
    expect(v.is(JobSchema, job)).toBe(true)
  })

  it('maps finished to succeeded with url, size, MIME type and expiry of each image', async () => {
    const { adapter } = aidgeWith({ [AIDGE_API.query]: { json: queryFinished } })
    const job = await adapter.status(AIDGE_FIXTURE_HANDLE)
    expect(job.state).toBe('succeeded')
    expect(job.images).toEqual([
      {
        index: 0,
        url: queryFinished.data.taskResult[0]?.url,
        width: 768,
        height: 1024,
        mimeType: 'image/png',
        expiresAt: '2024-06-11T09:00:00.000Z',
      },
      expect.objectContaining({ index: 1, width: 768, height: 1024 }),
    ])
  })

  it('reads the documented imageUrlList shape (a list or one string) and OSS V4 expiry', async () => {
    const { adapter } = aidgeWith({ [AIDGE_API.query]: { json: queryFinishedDoc } })
    const job = await adapter.status(AIDGE_FIXTURE_HANDLE)
    expect(job.images.map((i) => [i.index, i.width, i.height, i.mimeType, i.expiresAt])).toEqual([
      [0, 768, 1024, 'image/jpeg', '2024-06-11T09:00:00.000Z'],
      [1, 768, 1024, 'image/jpeg', '2024-06-11T09:00:00.000Z'],
      [2, null, null, null, null],
    ])
  })

  it('maps failed to a failed job with the task message', async () => {
    const { adapter } = aidgeWith({ [AIDGE_API.query]: { json: queryFailed } })
    const job = await adapter.status(AIDGE_FIXTURE_HANDLE)
    expect(job).toMatchObject({
      state: 'failed',
      providerStatus: 'failed',
      message: 'no garment detected in the image',
      error: {
        code: 'provider_error',
        retryable: false,
        message: 'no garment detected in the image',
        providerCode: 'failed',
      },
    })
  })

  it('maps an unknown status word to running with a warning', async () => {
    const { adapter } = aidgeWith({
      [AIDGE_API.query]: {
        json: { success: true, resCode: 200, data: { taskId: TASK, taskStatus: 'paused' } },
      },
    })
    const job = await adapter.status(AIDGE_FIXTURE_HANDLE)
    expect(job).toMatchObject({ state: 'running', providerStatus: 'paused' })
    expect(job.warnings).toEqual(['unrecognized-status:paused'])
  })

  it('fails with unexpected_response naming the field when taskStatus is missing or wrong', async () => {
    for (const data of [{ taskId: TASK }, { taskStatus: 3 }, null, 'finished']) {
      const { adapter } = aidgeWith({
        [AIDGE_API.query]: { json: { success: true, resCode: 200, data } },
      })
      const error = await adapter.status(AIDGE_FIXTURE_HANDLE).catch((e: unknown) => e)
      expect(ResponseValidationError.isInstance(error)).toBe(true)
      expect((error as ResponseValidationError).message).toMatch(/^aidge status answered/)
    }
  })

  it('treats finished without result images as unexpected, not as success', async () => {
    const { adapter } = aidgeWith({
      [AIDGE_API.query]: {
        json: { success: true, resCode: 200, data: { taskStatus: 'finished', taskResult: [] } },
      },
    })
    await expect(adapter.status(AIDGE_FIXTURE_HANDLE)).rejects.toMatchObject({
      code: 'unexpected_response',
      fields: ['data.taskResult'],
    })
  })

  it('retries a transient HTTP failure of a query (it is idempotent) and keeps raw', async () => {
    const { adapter, requests, clock } = aidgeWith(
      { [AIDGE_API.query]: [new Response('busy', { status: 502 }), { json: queryRunning }] },
      { retries: 2, random: () => 0 },
    )
    const job = await clock.run(adapter.status(AIDGE_FIXTURE_HANDLE, { raw: true }))
    expect(job.state).toBe('running')
    expect(job.raw).toEqual(queryRunning)
    expect(requests).toHaveLength(2)
  })

  it('refuses a handle of another provider', async () => {
    const { adapter } = aidgeWith({})
    await expect(
      adapter.status({ ...AIDGE_FIXTURE_HANDLE, provider: 'speedpix' }),
    ).rejects.toBeInstanceOf(InvalidInputError)
  })
})

describe('aidge errors never leak secrets', () => {
  it('keeps the secret and the sign out of every message', async () => {
    const { adapter, requests } = aidgeWith({
      [AIDGE_API.submit]: [new Response('<html>bad gateway</html>', { status: 502 })],
    })
    const error = (await adapter.submit('virtual-model', input).catch((e: unknown) => e)) as Error
    expect(ProviderApiError.isInstance(error)).toBe(true)
    const sign = requests[0]?.url.searchParams.get('sign') ?? ''
    expect(sign).toMatch(/^[0-9A-F]{64}$/)
    for (const secret of ['testSecret', sign, 'timestamp=']) {
      expect(error.message).not.toContain(secret)
    }
  })
})
