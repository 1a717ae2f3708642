import fc from 'fast-check'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { DarkroomError, ProviderApiError } from '../../errors/index.js'
import { JobSchema } from '../../model/job.js'
import {
  AICONTENT_TEST_CREDENTIALS,
  aicontentOk,
  aicontentWith,
  type Reply,
} from '../../testing/index.js'
import errorParameter from './__fixtures__/error-parameter.json' with { type: 'json' }
import gatewaySignature from './__fixtures__/gateway-signature.json' with { type: 'json' }
import gatewayThrottling from './__fixtures__/gateway-throttling.json' with { type: 'json' }
import {
  AICONTENT_ERROR_CODES,
  AICONTENT_GATEWAY_CODES,
  AICONTENT_STATUS_TABLE,
} from './aicontent-status.js'

const handles = {
  inference: {
    provider: 'aicontent' as const,
    operation: 'inference',
    providerJobId: '3220',
    meta: { modelId: 'm', promptId: 'p' },
  },
  premodel: {
    provider: 'aicontent' as const,
    operation: 'premodel-inference',
    providerJobId: 'g1',
  },
  train: { provider: 'aicontent' as const, operation: 'train', providerJobId: 'modelId-1' },
}

const expected: Record<string, [string, string | null, boolean | null]> = {
  NOT_START: ['queued', null, null],
  SUBMITTED: ['queued', null, null],
  WAIT_SCHEDULE: ['queued', null, null],
  INFERRING: ['running', null, null],
  TRAINING: ['running', null, null],
  FINISHED: ['succeeded', null, null],
  INFERRING_TERMINATED: ['failed', 'provider_error', false],
  TRAINING_TERMINATED: ['failed', 'provider_error', false],
  OOM: ['failed', 'out_of_resources', true],
  TOO_MANY_INFERENCE_REQUESTS: ['failed', 'rate_limited', true],
  WRONG_IMAGE_URL: ['failed', 'invalid_input', false],
}

describe('aicontent status table', () => {
  it('lists exactly the documented words', () => {
    expect(Object.keys(AICONTENT_STATUS_TABLE).sort()).toEqual(Object.keys(expected).sort())
  })

  describe.each(Object.entries(expected))('%s', (word, [state, code, retryable]) => {
    it.each([
      ['inference', aicontentOk({ id: '3220', jobStatus: word, resultImageUrl: ['0000.png'] })],
      ['premodel', aicontentOk({ id: 'g1', jobStatus: word, resultImageUrl: ['g1_0000.png'] })],
      ['train', aicontentOk({ modelTrainStatus: word })],
    ] as const)(`maps to ${state} for %s jobs`, async (kind, reply) => {
      const { adapter } = aicontentWith(reply)
      const job = v.parse(JobSchema, await adapter.status(handles[kind]))
      expect(job.state).toBe(state)
      expect(job.providerStatus).toBe(word)
      expect(job.warnings).toEqual([])
      if (code === null) {
        expect(job.error).toBeNull()
      } else {
        expect(job.error).toMatchObject({ code, retryable, providerCode: word })
        expect(job.error?.message.length).toBeGreaterThan(10)
      }
    })
  })

  it('maps an unknown word to running with a warning', async () => {
    const { adapter } = aicontentWith(aicontentOk({ id: '3220', jobStatus: 'PAUSED' }))
    const job = await adapter.status(handles.inference)
    expect(job).toMatchObject({ state: 'running', providerStatus: 'PAUSED' })
    expect(job.warnings).toEqual(['unrecognized-status:PAUSED'])
  })
})

async function callError(reply: Reply) {
  const { adapter } = aicontentWith(reply)
  const error = await adapter.status(handles.inference).catch((e: unknown) => e)
  expect(ProviderApiError.isInstance(error)).toBe(true)
  return error as ProviderApiError
}

describe('aicontent error codes', () => {
  const httpOf: Record<string, number> = {
    B_PARAMETER_NOT_FOUND_EXCEPTION: 400,
    B_PERMISSION_DENIED_EXCEPTION: 403,
    B_DATA_NOT_FOUND_EXCEPTION: 404,
    B_MODEL_TRAIN_JOB_NOT_EXIST: 404,
    UNKNOWN_ERROR: 500,
  }
  it.each(Object.entries(AICONTENT_ERROR_CODES))('%s → %o', async (errCode, mapping) => {
    const status = httpOf[errCode] ?? 0
    const body = {
      requestId: 'r-1',
      success: false,
      errCode,
      errMessage: 'm',
      httpStatusCode: status,
    }
    for (const http of [status, 200]) {
      const error = await callError({ status: http, json: body })
      expect(error).toMatchObject({ ...mapping, providerCode: errCode, requestId: 'r-1' })
      expect(error.message).toMatch(/^aicontent status failed/)
    }
  })

  it('decides success by `success` only, not by errCode', async () => {
    const { adapter } = aicontentWith(aicontentOk({ id: '3220', jobStatus: 'INFERRING' }))
    expect((await adapter.status(handles.inference)).state).toBe('running')
  })

  it('reads the documented error envelope fixture', async () => {
    const error = await callError({ status: 400, json: errorParameter })
    expect(error).toMatchObject({ code: 'invalid_input', status: 400, retryable: false })
  })

  it.each(Object.entries(AICONTENT_GATEWAY_CODES))('gateway %s → %o', async (Code, mapping) => {
    const error = await callError({
      status: 400,
      json: {
        RequestId: 'g-1',
        HostId: 'aicontent.aliyuncs.com',
        Code,
        Message: 'x',
        Recommend: 'u',
      },
    })
    expect(error).toMatchObject({ ...mapping, providerCode: Code, requestId: 'g-1' })
  })

  it('turns a bad signature into unauthorized, naming the provider and never the secret', async () => {
    const error = await callError({ status: 400, json: gatewaySignature })
    expect(error.code).toBe('unauthorized')
    expect(error.provider).toBe('aicontent')
    expect(error.message).toContain('aicontent')
    expect(error.message).toContain('SignatureDoesNotMatch')
    expect(error.message).not.toContain(AICONTENT_TEST_CREDENTIALS.accessKeySecret)
  })

  it('turns throttling into a retryable rate limit with Retry-After', async () => {
    const error = await callError({
      status: 429,
      json: gatewayThrottling,
      headers: { 'retry-after': '3' },
    })
    expect(error).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 3000 })
  })

  it.each([
    [502, { text: '<html>Bad Gateway</html>' }, 'provider_error', true],
    [403, { json: { message: 'denied' } }, 'forbidden', false],
  ] as const)('falls back to the HTTP status %i', async (status, reply, code, retryable) => {
    const error = await callError({ status, ...reply })
    expect(error).toMatchObject({ code, retryable, providerCode: null })
  })
})

describe('aicontent status never throws anything but DarkroomErrors (property)', () => {
  const dataLike = fc.record(
    {
      id: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
      promptId: fc.oneof(fc.string(), fc.constant(null)),
      modelId: fc.oneof(fc.string(), fc.constant(null)),
      jobStatus: fc.oneof(fc.constantFrom(...Object.keys(expected)), fc.string(), fc.integer()),
      modelTrainStatus: fc.oneof(fc.constantFrom(...Object.keys(expected)), fc.string()),
      jobTrainProgress: fc.oneof(fc.double(), fc.string(), fc.constant(null)),
      resultImageUrl: fc.oneof(fc.array(fc.string()), fc.array(fc.anything()), fc.constant(null)),
      createTime: fc.oneof(fc.string(), fc.constant('2024-06-11T16:00:00'), fc.integer()),
    },
    { requiredKeys: [] },
  )
  const body = fc.oneof(
    fc.json().map((text) => ({ text })),
    fc.anything().map((json) => ({ json })),
    fc
      .record(
        {
          success: fc.oneof(fc.boolean(), fc.constant(null), fc.string()),
          errCode: fc.oneof(fc.constantFrom(...Object.keys(AICONTENT_ERROR_CODES)), fc.string()),
          data: fc.oneof(dataLike, fc.anything()),
        },
        { requiredKeys: [] },
      )
      .map((json) => ({ json })),
    fc.record({ Code: fc.string(), Message: fc.string() }).map((json) => ({ json })),
  )
  const status = fc.constantFrom(200, 200, 200, 400, 403, 404, 429, 500, 503)

  it('normalizes or fails with a typed error', async () => {
    await fc.assert(
      fc.asyncProperty(
        body,
        status,
        fc.constantFrom('inference', 'premodel', 'train'),
        async (reply, http, kind) => {
          const { adapter } = aicontentWith({ status: http, ...reply } as Reply)
          try {
            const job = await adapter.status(handles[kind as keyof typeof handles])
            expect(v.safeParse(JobSchema, job).success).toBe(true)
          } catch (error) {
            expect(DarkroomError.isInstance(error)).toBe(true)
          }
        },
      ),
      { numRuns: 200 },
    )
  })

  it('image() on arbitrary asset answers gives bytes with a MIME type or a typed error', async () => {
    const finished = aicontentOk({
      id: '3220',
      jobStatus: 'FINISHED',
      resultImageUrl: ['0000.png'],
    })
    await fc.assert(
      fc.asyncProperty(body, status, async (reply, http) => {
        const { adapter } = aicontentWith(finished, { status: http, ...reply } as Reply)
        try {
          const image = await adapter.image(handles.inference, 0)
          expect(image.mimeType).toMatch(/^image\//)
        } catch (error) {
          expect(DarkroomError.isInstance(error)).toBe(true)
        }
      }),
      { numRuns: 200 },
    )
  })
})
