import { describe, expect, it } from 'vitest'
import { ResponseValidationError, SubmitOutcomeUnknownError } from '../../errors/index.js'
import { aicontentOk, aicontentWith, type Reply } from '../../testing/index.js'

const custom = {
  provider: 'aicontent' as const,
  operation: 'inference',
  providerJobId: '3220',
  meta: { modelId: 'm', promptId: 'p' },
}
const train = { provider: 'aicontent' as const, operation: 'train', providerJobId: 'modelId-1' }

async function unexpected(
  run: (a: ReturnType<typeof aicontentWith>['adapter']) => Promise<unknown>,
  reply: Reply,
) {
  const { adapter } = aicontentWith(reply)
  const error = await run(adapter).catch((e: unknown) => e)
  expect(ResponseValidationError.isInstance(error)).toBe(true)
  return error as ResponseValidationError
}

describe('aicontent answers that do not match (missing, null, wrongly typed fields)', () => {
  const submit = (a: ReturnType<typeof aicontentWith>['adapter']) =>
    a.submit('inference', { modelId: 'm', prompt: 'p' })

  it.each([
    ['no data', aicontentOk(null), 'data'],
    ['data without id', aicontentOk({ jobStatus: 'SUBMITTED' }), 'data.id'],
    ['a null id', aicontentOk({ id: null }), 'data.id'],
    ['an object id', aicontentOk({ id: { x: 1 } }), 'data.id'],
    [
      'a string progress',
      aicontentOk({ id: '1', jobTrainProgress: '0.5' }),
      'data.jobTrainProgress',
    ],
    [
      'image ids that are not strings',
      aicontentOk({ id: '1', resultImageUrl: [1, 2] }),
      'data.resultImageUrl.0',
    ],
  ])('submit answer with %s leaves the outcome unknown, naming %s', async (_, reply, field) => {
    // The job may exist, so this is not "try again" (submit-outcome.test.ts).
    const { adapter } = aicontentWith(reply)
    const error = await submit(adapter).catch((e: unknown) => e)
    expect(SubmitOutcomeUnknownError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ provider: 'aicontent', code: 'submit_outcome_unknown' })
    const cause = (error as SubmitOutcomeUnknownError).cause as ResponseValidationError
    expect(cause).toMatchObject({ call: 'submit', code: 'unexpected_response' })
    expect(cause.fields).toContain(field)
    expect((error as Error).message).toContain(field)
  })

  it.each([
    ['no modelTrainStatus', aicontentOk({}), 'data.modelTrainStatus'],
    ['a numeric status', aicontentOk({ modelTrainStatus: 3 }), 'data.modelTrainStatus'],
  ])('train status with %s names %s', async (_, reply, field) => {
    const error = await unexpected((a) => a.status(train), reply)
    expect(error).toMatchObject({ call: 'status', fields: [field] })
  })

  it.each([
    ['a body that is not JSON', { text: '<html>' }, '(body)'],
    ['no success flag', { json: { data: { id: '1', jobStatus: 'FINISHED' } } }, 'success'],
    ['a JSON string', { json: 'FINISHED' }, '(root)'],
  ] as const)('status answer with %s names %s', async (_, reply, field) => {
    const error = await unexpected((a) => a.status(custom), reply)
    expect(error.fields).toEqual([field])
    expect(error.call).toBe('status')
  })

  it('accepts numeric ids, extra fields and a null createTime', async () => {
    const { adapter } = aicontentWith(
      aicontentOk({
        id: 3220,
        promptId: 7,
        jobStatus: 'SUBMITTED',
        createTime: null,
        extra: { a: 1 },
      }),
    )
    const job = await adapter.submit('inference', { modelId: 'm', prompt: 'p' })
    expect(job).toMatchObject({ providerJobId: '3220', createdAt: null })
  })

  it('clamps progress outside 0..1', async () => {
    const { adapter } = aicontentWith(
      aicontentOk({ id: '1', jobStatus: 'INFERRING', jobTrainProgress: 7 }),
    )
    expect((await adapter.status(custom)).progress).toBe(1)
  })
})
