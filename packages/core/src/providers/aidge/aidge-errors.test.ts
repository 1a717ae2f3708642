import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { ProviderApiError, ResponseValidationError } from '../../errors/index.js'
import { JobSchema } from '../../model/job.js'
import { AIDGE_FIXTURE_HANDLE, aidgeWith } from '../../testing/index.js'
import errorPlatformAppKey from './__fixtures__/error-platform-app-key.json' with { type: 'json' }
import errorPlatformSignature from './__fixtures__/error-platform-signature.json' with {
  type: 'json',
}
import errorQuota from './__fixtures__/error-quota.json' with { type: 'json' }
import errorQuotaBusiness from './__fixtures__/error-quota-business.json' with { type: 'json' }
import errorResCode from './__fixtures__/error-res-code.json' with { type: 'json' }
import errorTaskLevel from './__fixtures__/error-task-level.json' with { type: 'json' }
import { AIDGE_API } from './aidge-signing.js'
import { AIDGE_RES_CODES } from './aidge-status.js'

const input = { imageUrl: 'https://example.com/shirt.png', model: 'BLACK' }

const business = (resCode: number | string, resMessage = '') => ({
  requestId: 'req-1',
  success: false,
  resCode,
  resMessage,
  data: null,
})

async function submitError(reply: unknown): Promise<ProviderApiError> {
  const { adapter } = aidgeWith({ [AIDGE_API.submit]: { json: reply } })
  const error = await adapter.submit('virtual-model', input).catch((e: unknown) => e)
  if (!ProviderApiError.isInstance(error)) throw new Error(`expected a ProviderApiError: ${error}`)
  return error
}

describe('aidge resCode on submit: always a call-level error', () => {
  it.each(Object.entries(AIDGE_RES_CODES))('resCode %s', async (resCode, mapping) => {
    const error = await submitError(business(Number(resCode), 'boom'))
    expect(error).toMatchObject({
      provider: 'aidge',
      call: 'submit',
      code: mapping.code,
      retryable: mapping.retryable,
      providerCode: resCode,
      status: 200,
      requestId: 'req-1',
    })
    expect(error.message).toContain('aidge submit failed')
  })

  it('names the fields of a 700 and uses the meaning when resMessage is empty', async () => {
    const named = await submitError(errorResCode)
    expect(named.message).toContain('model must be one of WHITE')
    expect(named.code).toBe('invalid_input')
    const bare = await submitError(business('501'))
    expect(bare).toMatchObject({ code: 'rate_limited', retryable: true, providerCode: '501' })
    expect(bare.message).toContain('rate limit exceeded')
  })

  it('treats an undocumented resCode as a non-retryable provider error (a resubmit may cost)', async () => {
    expect(await submitError(business(503, 'busy'))).toMatchObject({
      code: 'provider_error',
      retryable: false,
    })
    expect(await submitError(business(999, 'new failure'))).toMatchObject({
      code: 'provider_error',
      retryable: false,
      providerCode: '999',
    })
  })

  it('treats success:false with resCode 200 as an error', async () => {
    expect(await submitError({ success: false, resCode: 200 })).toMatchObject({
      code: 'provider_error',
      providerCode: '200',
    })
  })
})

describe('aidge resCode on query', () => {
  it.each(['500', '501', '700'] as const)('resCode %s is call-level (thrown)', async (resCode) => {
    const { adapter } = aidgeWith({ [AIDGE_API.query]: { json: business(resCode, 'x') } })
    await expect(adapter.status(AIDGE_FIXTURE_HANDLE)).rejects.toMatchObject({
      call: 'status',
      code: AIDGE_RES_CODES[resCode].code,
      retryable: AIDGE_RES_CODES[resCode].retryable,
      providerCode: resCode,
    })
  })

  it.each(['801', '1000', '1001', '1002'] as const)(
    'resCode %s fails the job with that JobError',
    async (resCode) => {
      const { adapter } = aidgeWith({
        [AIDGE_API.query]: { json: business(Number(resCode), `meaning of ${resCode}`) },
      })
      const job = await adapter.status(AIDGE_FIXTURE_HANDLE, { raw: true })
      expect(v.is(JobSchema, job)).toBe(true)
      expect(job).toMatchObject({
        state: 'failed',
        providerStatus: null,
        message: `meaning of ${resCode}`,
        error: {
          code: AIDGE_RES_CODES[resCode].code,
          retryable: AIDGE_RES_CODES[resCode].retryable,
          providerCode: resCode,
          message: `meaning of ${resCode}`,
        },
      })
      expect(job.raw).toMatchObject({ resCode: Number(resCode) })
    },
  )

  it.each([
    [429, 'too many requests'],
    [503, 'service unavailable'],
    ['9999', ''],
  ])('an undocumented %s is retryable: the task may still finish', async (resCode, message) => {
    const { adapter } = aidgeWith({ [AIDGE_API.query]: { json: business(resCode, message) } })
    const error = await adapter.status(AIDGE_FIXTURE_HANDLE).catch((e: unknown) => e)
    expect(error).toMatchObject({
      code: 'provider_error',
      retryable: true,
      call: 'status',
      providerCode: String(resCode),
    })
    expect((error as Error).message).toContain(message || 'undocumented result code')
  })

  it('keeps the task status word when the task-level error carries one (1000 → content_rejected)', async () => {
    const { adapter } = aidgeWith({ [AIDGE_API.query]: { json: errorTaskLevel } })
    const job = await adapter.status(AIDGE_FIXTURE_HANDLE)
    expect(job).toMatchObject({
      state: 'failed',
      providerStatus: 'failed',
      error: { code: 'content_rejected', retryable: false, providerCode: '1000' },
    })
  })
})

describe('aidge gateway and quota refusals', () => {
  it.each([
    ['IncompleteSignature', errorPlatformSignature],
    ['InvalidAppKey', errorPlatformAppKey],
    [
      'InvalidTimestamp',
      { type: 'ISV', code: 'InvalidTimestamp', message: 'stale', request_id: 'r' },
    ],
    [
      'MissingParameter',
      { type: 'ISV', code: 'MissingParameter', message: 'sign', request_id: 'r' },
    ],
  ])('%s is unauthorized, naming the provider', async (code, reply) => {
    const error = await submitError(reply)
    expect(error).toMatchObject({ code: 'unauthorized', retryable: false, providerCode: code })
    expect(error.message).toMatch(/^aidge submit failed/)
    expect(error.message).toContain('accessKeyName')
    const { adapter } = aidgeWith({ [AIDGE_API.query]: { json: reply } })
    await expect(adapter.status(AIDGE_FIXTURE_HANDLE)).rejects.toMatchObject({
      code: 'unauthorized',
    })
  })

  it.each([
    [{ code: 'InvalidApi', type: 'ISV' }, 'not_found', false],
    [{ code: 'ApiCallLimit', type: 'ISP' }, 'rate_limited', true],
    [{ code: 'ServiceUnavailable', type: 'ISP' }, 'provider_error', true],
    [{ code: 'SomethingNew', type: 'ISV' }, 'provider_error', false],
    [{ code: 17, type: null }, 'provider_error', false],
  ])('platform %j maps to %s', async (reply, code, retryable) => {
    expect(await submitError(reply)).toMatchObject({ code, retryable })
  })

  it('ignores a platform code "0" next to a business envelope', async () => {
    const { adapter } = aidgeWith({
      [AIDGE_API.submit]: {
        json: { code: '0', success: true, resCode: 200, data: { taskId: 't-1' } },
      },
    })
    expect((await adapter.submit('virtual-model', input)).providerJobId).toBe('t-1')
  })

  it.each([
    ['platform', errorQuota],
    ['business', errorQuotaBusiness],
  ])(
    'the exhausted-resources message (%s envelope) is quota_exhausted on both calls',
    async (_, reply) => {
      const error = await submitError(reply)
      expect(error).toMatchObject({ code: 'quota_exhausted', retryable: false })
      expect(error.message).toContain('trial: true')
      const { adapter } = aidgeWith({ [AIDGE_API.query]: { json: reply } })
      await expect(adapter.status(AIDGE_FIXTURE_HANDLE)).rejects.toMatchObject({
        code: 'quota_exhausted',
      })
    },
  )
})

describe('aidge transport-level answers', () => {
  it('a 200 that is not JSON is unexpected_response', async () => {
    const { adapter } = aidgeWith({ [AIDGE_API.query]: [new Response('{"success":tr')] })
    const error = await adapter.status(AIDGE_FIXTURE_HANDLE).catch((e: unknown) => e)
    expect(ResponseValidationError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ call: 'status', fields: ['(body)'] })
  })

  it.each([
    [500, 'provider_error', true],
    [502, 'provider_error', true],
    [429, 'rate_limited', true],
    [404, 'not_found', false],
    [401, 'unauthorized', false],
  ])('HTTP %i without an envelope maps by status', async (status, code, retryable) => {
    const { adapter } = aidgeWith({
      [AIDGE_API.query]: [new Response('<html/>', { status })],
    })
    await expect(adapter.status(AIDGE_FIXTURE_HANDLE)).rejects.toMatchObject({
      code,
      retryable,
      status,
    })
  })

  it('HTTP 500 with a resCode 500 envelope is a retryable provider error', async () => {
    const { adapter } = aidgeWith({
      [AIDGE_API.query]: [Response.json(business(500, 'system error'), { status: 500 })],
    })
    await expect(adapter.status(AIDGE_FIXTURE_HANDLE)).rejects.toMatchObject({
      code: 'provider_error',
      retryable: true,
      providerCode: '500',
      status: 500,
    })
  })

  it('an envelope with neither resCode nor success is unexpected_response', async () => {
    const { adapter } = aidgeWith({
      [AIDGE_API.query]: { json: { data: { taskStatus: 'running' } } },
    })
    await expect(adapter.status(AIDGE_FIXTURE_HANDLE)).rejects.toMatchObject({
      code: 'unexpected_response',
      fields: ['resCode'],
    })
  })

  it('a top-level array is unexpected_response', async () => {
    const { adapter } = aidgeWith({ [AIDGE_API.query]: { json: [1, 2] } })
    await expect(adapter.status(AIDGE_FIXTURE_HANDLE)).rejects.toMatchObject({
      code: 'unexpected_response',
    })
  })
})
