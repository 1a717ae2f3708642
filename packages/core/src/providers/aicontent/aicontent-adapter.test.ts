import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import {
  InvalidHandleError,
  InvalidInputError,
  ProviderApiError,
  ResponseValidationError,
} from '../../errors/index.js'
import { decodeHandle } from '../../model/handle.js'
import { JobSchema } from '../../model/job.js'
import { toBase64 } from '../../signing/crypto-utils.js'
import {
  AICONTENT_TEST_CREDENTIALS,
  aicontentOk,
  aicontentWith,
  pngBytes,
} from '../../testing/index.js'
import finished from './__fixtures__/job-info-finished.json' with { type: 'json' }
import inferring from './__fixtures__/job-info-inferring.json' with { type: 'json' }
import premodelFinished from './__fixtures__/premodel-info-finished.json' with { type: 'json' }
import submitInference from './__fixtures__/submit-inference.json' with { type: 'json' }
import submitTrain from './__fixtures__/submit-train.json' with { type: 'json' }
import trainFinished from './__fixtures__/train-status-finished.json' with { type: 'json' }
import { createAicontent } from './aicontent-adapter.js'

const PNG = pngBytes(512, 512)
const customHandle = {
  provider: 'aicontent' as const,
  operation: 'inference',
  providerJobId: '3220',
  meta: { modelId: 'model-123', promptId: 'promptId-0a1b-2c3d-4e5f' },
}

describe('aicontent adapter: submit', () => {
  it('sends inference with wire names, signed, and returns a queued job whose handle keeps the ids', async () => {
    const { adapter, requests } = aicontentWith({ json: submitInference })
    const job = await adapter.submit('inference', {
      modelId: 'model-123',
      prompt: 'a <special-token> in the snow',
      count: 2,
      seed: 42,
    })
    const req = requests[0]
    expect(req?.method).toBe('POST')
    expect(req?.url.pathname).toBe('/api/v1/personalizedtxt2img/addInferenceJob')
    expect(JSON.parse(req?.body ?? '')).toEqual({
      imageNumber: 2,
      modelId: 'model-123',
      prompt: 'a <special-token> in the snow',
      seed: 42,
    })
    expect(Object.fromEntries(req?.headers ?? [])).toMatchObject({
      'x-acs-action': 'Personalizedtxt2imgAddInferenceJob',
      'x-acs-version': '20240611',
      'x-acs-date': '2024-06-11T08:00:00Z',
    })
    expect(req?.headers.get('authorization')).toMatch(
      /^ACS3-HMAC-SHA256 Credential=test-access-key-id,/,
    )
    expect(req?.headers.get('x-acs-signature-nonce')).toMatch(/^[0-9a-f]{32}$/)
    expect(v.parse(JobSchema, job)).toMatchObject({
      provider: 'aicontent',
      operation: 'inference',
      providerJobId: '3220',
      state: 'queued',
      providerStatus: 'SUBMITTED',
      createdAt: '2024-06-11T08:00:00.000Z',
      images: [],
    })
    expect(decodeHandle(job.id)).toEqual(customHandle)
  })

  it('sends premodel-inference with imageUrl[] and strength, omitting unset fields', async () => {
    // The service fills modelId and promptId on pre-model jobs too; the handle needs neither.
    const { adapter, requests } = aicontentWith(
      aicontentOk({
        id: 'girl-0001',
        modelId: 'modelId-girl-0001',
        promptId: 'promptId-girl-0001',
        jobStatus: 'SUBMITTED',
      }),
    )
    const job = await adapter.submit('premodel-inference', {
      imageUrls: ['https://img.example.com/a.jpg', 'https://img.example.com/b.jpg'],
      prompt: 'a photo of a <special-token>',
      strength: 0.6,
    })
    expect(requests[0]?.url.pathname).toBe('/api/v1/personalizedtxt2img/addPreModelInferenceJob')
    expect(requests[0]?.headers.get('x-acs-action')).toBe('PersonalizedTextToImageAddInferenceJob')
    expect(JSON.parse(requests[0]?.body ?? '')).toEqual({
      imageUrl: ['https://img.example.com/a.jpg', 'https://img.example.com/b.jpg'],
      prompt: 'a photo of a <special-token>',
      strength: 0.6,
    })
    expect(decodeHandle(job.id)).toEqual({
      provider: 'aicontent',
      operation: 'premodel-inference',
      providerJobId: 'girl-0001',
    })
  })

  it('uses the model id as the train job id', async () => {
    const { adapter, requests } = aicontentWith({ json: submitTrain })
    const job = await adapter.submit('train', {
      name: '可爱熊猫模型训练任务',
      objectType: 'panda',
      imageUrls: ['https://img.example.com/panda.jpg'],
      trainSteps: 800,
    })
    expect(requests[0]?.headers.get('x-acs-action')).toBe('Personalizedtxt2imgAddModelTrainJob')
    expect(JSON.parse(requests[0]?.body ?? '')).toEqual({
      imageUrl: ['https://img.example.com/panda.jpg'],
      name: '可爱熊猫模型训练任务',
      objectType: 'panda',
      trainSteps: 800,
    })
    expect(job.providerJobId).toBe('modelId-7f3c-41aa-9e02')
    expect(decodeHandle(job.id).meta).toEqual({
      modelId: 'modelId-7f3c-41aa-9e02',
      trainJobId: '456',
    })
  })

  it('never retries a submit, even after a 500', async () => {
    const { adapter, requests } = aicontentWith(
      { status: 500, json: { success: false, errCode: 'UNKNOWN_ERROR', httpStatusCode: 500 } },
      { json: submitInference },
    )
    const error = await adapter
      .submit('inference', { modelId: 'm', prompt: 'p' })
      .catch((e: unknown) => e)
    expect(ProviderApiError.isInstance(error) && error.code).toBe('provider_error')
    expect(requests).toHaveLength(1)
  })

  it('keeps the envelope in raw only when asked', async () => {
    const { adapter } = aicontentWith({ json: submitInference })
    const input = { modelId: 'm', prompt: 'p' }
    expect((await adapter.submit('inference', input)).raw).toBeUndefined()
    expect((await adapter.submit('inference', input, { raw: true })).raw).toEqual(submitInference)
  })
})

describe('aicontent adapter: status', () => {
  it('reads progress and status from queryInferenceJobInfo', async () => {
    const { adapter, requests } = aicontentWith({ json: inferring })
    const job = await adapter.status(customHandle)
    expect(requests[0]?.url.pathname).toBe('/api/v1/personalizedtxt2img/queryInferenceJobInfo')
    expect(requests[0]?.url.search).toBe('?inferenceJobId=3220')
    expect(requests[0]?.headers.get('x-acs-action')).toBe(
      'Personalizedtxt2imgQueryInferenceJobInfo',
    )
    expect(job).toMatchObject({ state: 'running', providerStatus: 'INFERRING', progress: 0.5 })
  })

  it('lists image ids as refs without URL once finished', async () => {
    const { adapter } = aicontentWith({ json: finished })
    const job = await adapter.status(customHandle)
    expect(job.state).toBe('succeeded')
    expect(job.progress).toBe(1)
    expect(job.images).toEqual(
      [0, 1].map((index) => ({
        index,
        url: null,
        width: null,
        height: null,
        expiresAt: null,
        mimeType: 'image/png',
      })),
    )
  })

  it('asks queryModelTrainStatus by model id for train jobs; a trained model has no images', async () => {
    const { adapter, requests } = aicontentWith({ json: trainFinished })
    const job = await adapter.status({
      provider: 'aicontent',
      operation: 'train',
      providerJobId: 'modelId-7f3c',
    })
    expect(requests[0]?.url.search).toBe('?modelId=modelId-7f3c')
    expect(requests[0]?.headers.get('x-acs-action')).toBe(
      'Personalizedtxt2imgQueryModelTrainStatus',
    )
    expect(job).toMatchObject({ state: 'succeeded', images: [], progress: 1 })
    expect(job.message).toContain('modelId-7f3c')
  })

  it('retries an idempotent status call after throttling', async () => {
    const { adapter, requests, clock } = aicontentWith(
      { status: 429, json: { Code: 'Throttling.User', Message: 'flow control', RequestId: 'r' } },
      { json: inferring },
    )
    const job = await clock.run(adapter.status(customHandle, { retries: 1 }))
    expect(job.state).toBe('running')
    expect(requests).toHaveLength(2)
  })

  it('refuses handles of other providers or operations', async () => {
    const { adapter } = aicontentWith({ json: inferring })
    await expect(
      adapter.status({ provider: 'speedpix', operation: 'txt2img', providerJobId: 'x' }),
    ).rejects.toSatisfy(InvalidHandleError.isInstance)
    await expect(
      adapter.status({ provider: 'aicontent', operation: 'nope', providerJobId: 'x' }),
    ).rejects.toSatisfy(InvalidHandleError.isInstance)
  })

  it('names the call and field when the answer lacks a status word', async () => {
    const { adapter } = aicontentWith(aicontentOk({ id: '3220' }))
    const error = await adapter.status(customHandle).catch((e: unknown) => e)
    expect(ResponseValidationError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({
      provider: 'aicontent',
      call: 'status',
      fields: ['data.jobStatus'],
    })
  })
})

describe('aicontent adapter: image', () => {
  it('fetches custom-model bytes by model, prompt and image id, decoding the JSON base64 string', async () => {
    const { adapter, requests } = aicontentWith({ json: finished }, { json: toBase64(PNG) })
    const image = await adapter.image(customHandle, 1)
    expect(image).toEqual({ bytes: PNG, mimeType: 'image/png' })
    const asset = requests[1]
    expect(asset?.url.pathname).toBe('/api/v1/personalizedtxt2img/queryImageAsset')
    expect(Object.fromEntries(asset?.url.searchParams ?? [])).toEqual({
      encodeFormat: 'base64',
      imageId: '0001.png',
      modelId: 'model-123',
      promptId: 'promptId-0a1b-2c3d-4e5f',
    })
    expect(asset?.headers.get('x-acs-action')).toBe('Personalizedtxt2imgQueryImageAsset')
  })

  it('fetches pre-model bytes by image id alone', async () => {
    const { adapter, requests } = aicontentWith({ json: premodelFinished }, { json: toBase64(PNG) })
    const handle = {
      provider: 'aicontent' as const,
      operation: 'premodel-inference',
      providerJobId: 'girl-0001',
    }
    await adapter.image(handle, 0)
    expect(requests[1]?.url.pathname).toBe('/api/v1/personalizedtxt2img/queryImageAssetFromImageId')
    expect(requests[1]?.url.search).toBe('?encodeFormat=base64&imageId=girl-0001_0000.png')
    expect(requests[1]?.headers.get('x-acs-action')).toBe('PersonalizedTextToImageQueryImageAsset')
  })

  const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46])
  it.each([
    ['bare base64 text', { text: toBase64(JPEG) }],
    ['{data: base64}', { json: { data: toBase64(JPEG) } }],
    ['a data: URL', { json: `data:image/jpeg;base64,${toBase64(JPEG)}` }],
    ['raw bytes', { bytes: JPEG, headers: { 'content-type': 'image/jpeg' } }],
  ])('accepts %s and detects the MIME type from the bytes', async (_, reply) => {
    const { adapter } = aicontentWith({ json: finished }, reply)
    expect(await adapter.image(customHandle, 0)).toEqual({ bytes: JPEG, mimeType: 'image/jpeg' })
  })

  it.each([
    ['base64 of no image', { json: toBase64(new Uint8Array([1, 2, 3, 4])) }],
    ['not base64', { text: '%%% nope %%%' }],
    ['a JSON number', { json: 42 }],
  ])('refuses %s as an unexpected response', async (_, reply) => {
    const { adapter } = aicontentWith({ json: finished }, reply)
    const error = await adapter.image(customHandle, 0).catch((e: unknown) => e)
    expect(ResponseValidationError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ provider: 'aicontent', call: 'image' })
  })

  it('maps an asset refusal to its code', async () => {
    const { adapter } = aicontentWith(
      { json: finished },
      {
        status: 404,
        json: { success: false, errCode: 'B_DATA_NOT_FOUND_EXCEPTION', httpStatusCode: 404 },
      },
    )
    const error = await adapter.image(customHandle, 0).catch((e: unknown) => e)
    expect(error).toMatchObject({
      code: 'not_found',
      providerCode: 'B_DATA_NOT_FOUND_EXCEPTION',
      call: 'image',
    })
  })

  it('refuses out-of-range indexes, unfinished jobs and train jobs without fetching bytes', async () => {
    const a = aicontentWith({ json: finished })
    await expect(a.adapter.image(customHandle, 2)).rejects.toSatisfy(InvalidInputError.isInstance)
    expect(a.requests).toHaveLength(1)
    const b = aicontentWith({ json: inferring })
    await expect(b.adapter.image(customHandle, 0)).rejects.toThrow(/running/)
    const c = aicontentWith({ json: trainFinished })
    const train = { provider: 'aicontent' as const, operation: 'train', providerJobId: 'm' }
    await expect(c.adapter.image(train, 0)).rejects.toSatisfy(InvalidInputError.isInstance)
    expect(c.requests).toHaveLength(0)
  })
})

describe('aicontent adapter: secrets in answers', () => {
  it('redacts its secret before cutting a long provider message, so no piece of it is left', async () => {
    const secret = AICONTENT_TEST_CREDENTIALS.accessKeySecret
    // The secret straddles the 300-character cut: 8 of its characters fall before it.
    const echoed = `${'x'.repeat(292)}${secret} was used to sign`
    const { adapter } = aicontentWith({
      status: 403,
      json: { RequestId: 'r-1', Code: 'SignatureDoesNotMatch', Message: echoed },
    })
    const error = await adapter.submit('inference', { modelId: 'm', prompt: 'p' }).catch((e) => e)
    expect(ProviderApiError.isInstance(error)).toBe(true)
    expect(error.message).toContain('SignatureDoesNotMatch')
    expect(error.message).toContain('xxxx[reda')
    expect(error.message).not.toContain(secret.slice(0, 4))
  })
})

describe('aicontent adapter: options', () => {
  it('requires both credentials and an absolute base URL', () => {
    const { adapter } = aicontentWith(aicontentOk({}))
    expect(adapter.id).toBe('aicontent')
    expect(() => adapterWithOptions({ accessKeyId: '' })).toThrow(/accessKeyId/)
    expect(() => adapterWithOptions({ accessKeySecret: undefined })).toThrow(/accessKeySecret/)
    expect(() => adapterWithOptions({ baseUrl: 'not a url' })).toThrow(/baseUrl/)
  })
})

function adapterWithOptions(overrides: Record<string, unknown>) {
  return createAicontent({ ...AICONTENT_TEST_CREDENTIALS, ...overrides } as never)
}
