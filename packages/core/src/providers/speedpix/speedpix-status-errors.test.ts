import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { ProviderApiError } from '../../errors/index.js'
import { type JobHandle, JobSchema } from '../../model/index.js'
import { speedpixEnvelope, speedpixWith } from '../../testing/index.js'
import progressSuccessed from './__fixtures__/progress-successed.json' with { type: 'json' }

const HANDLE: JobHandle = {
  provider: 'speedpix',
  operation: 'txt2img',
  providerJobId: progressSuccessed.data.taskId,
}

/** A failed envelope (`status: 20`) with these codes and no task status word. */
const failed = (errCode: string | null, subErrCode: string | null = null) => ({
  ...speedpixEnvelope(null),
  status: 20,
  errCode,
  errMessage: errCode && 'something went wrong',
  subErrCode,
  subErrMessage: subErrCode && 'the details',
})

const onProgress = (body: unknown) => speedpixWith({ '/scc/sd_get_progress': { json: body } })

async function statusError(body: unknown): Promise<ProviderApiError> {
  const { adapter, clock } = onProgress(body)
  const error = await clock.run(() => adapter.status(HANDLE)).catch((e: unknown) => e)
  if (!ProviderApiError.isInstance(error)) throw new Error(`expected a ProviderApiError: ${error}`)
  return error
}

describe('speedpix: a business error on a status poll', () => {
  it.each([
    ['an unknown errCode', failed('ENGINE_OVERLOADED')],
    ['an unknown errCode and sub code', failed('SERVICE_BUSY', 'NODE_DRAINING')],
    ['no code at all', failed(null)],
  ])('with %s is a retryable provider error: the job may still finish', async (_, body) => {
    const error = await statusError(body)
    expect(error).toMatchObject({ code: 'provider_error', retryable: true, call: 'status' })
  })

  it('keeps the mapping of a known code about the call', async () => {
    expect(await statusError(failed('FLOW_LIMITED'))).toMatchObject({
      code: 'rate_limited',
      retryable: true,
    })
    expect(await statusError(failed('TASK_NOT_FOUND'))).toMatchObject({
      code: 'not_found',
      retryable: false,
      providerCode: 'TASK_NOT_FOUND',
    })
  })

  it.each([
    ['TASK_FAILED', 'GPU_OOM', 'failed', { code: 'out_of_resources', retryable: true }],
    ['TASK_FAILED', null, 'failed', { code: 'provider_error', retryable: false }],
    ['SYSTEM_ERROR', 'CONTENT_RISK', 'failed', { code: 'content_rejected', retryable: false }],
  ])('%s / %s, a code about the task, ends the job as %s', async (err, sub, state, error) => {
    const { adapter, clock } = onProgress(failed(err, sub))
    const job = await clock.run(() => adapter.status(HANDLE))
    expect(v.parse(JobSchema, job)).toMatchObject({
      state,
      providerStatus: null,
      error: { ...error, providerCode: sub ?? err },
    })
  })

  it('TASK_CANCELLED without a status word ends the job canceled', async () => {
    const { adapter, clock } = onProgress(failed('TASK_CANCELLED'))
    expect(await clock.run(() => adapter.status(HANDLE))).toMatchObject({
      state: 'canceled',
      error: null,
    })
  })

  it('an unknown code on the result call after successed is retryable too', async () => {
    const { adapter, clock } = speedpixWith({
      '/scc/sd_get_progress': { json: progressSuccessed },
      '/scc/sd_get_result': { json: failed('OSS_SIGNING_UNAVAILABLE') },
    })
    const error = await clock.run(() => adapter.status(HANDLE)).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'provider_error', retryable: true, call: 'result' })
  })

  it('an unknown code on submit stays non-retryable: no job exists, and a resubmit may cost', async () => {
    const { adapter, clock } = speedpixWith({ '/scc/sd_txt2img': { json: failed('NEW_LIMIT') } })
    const error = await clock.run(() => adapter.submit('txt2img', { prompt: 'x' })).catch((e) => e)
    expect(error).toMatchObject({ code: 'provider_error', retryable: false, call: 'submit' })
  })
})
