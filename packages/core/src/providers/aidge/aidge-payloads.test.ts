import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { JobSchema } from '../../model/job.js'
import { AIDGE_FIXTURE_HANDLE, aidgeWith } from '../../testing/index.js'
import { AIDGE_API } from './aidge-signing.js'

const envelope = (data: unknown, extra: Record<string, unknown> = {}) => ({
  success: true,
  resCode: 200,
  data,
  ...extra,
})

async function statusOf(reply: unknown) {
  const { adapter } = aidgeWith({ [AIDGE_API.query]: { json: reply } })
  const job = await adapter.status(AIDGE_FIXTURE_HANDLE)
  expect(v.is(JobSchema, job)).toBe(true)
  return job
}

describe('aidge answers with missing, extra, null or oddly typed fields', () => {
  it('ignores fields it does not read', async () => {
    const job = await statusOf(
      envelope(
        { taskStatus: 'running', progress: 0.5, eta: '12s', taskResult: null },
        { traceId: 'x', resMessage: { nested: true }, requestId: 42 },
      ),
    )
    expect(job).toMatchObject({ state: 'running', progress: null, etaSeconds: null, message: null })
  })

  it('turns unreadable cosmetic fields into null instead of failing the answer', async () => {
    const job = await statusOf(
      envelope({
        taskStatus: 'finished',
        taskMessage: 404,
        taskResult: [{ url: 'https://oss.example.com/a', width: 'wide', height: -3 }],
      }),
    )
    expect(job).toMatchObject({ state: 'succeeded', message: null })
    expect(job.images).toEqual([
      {
        index: 0,
        url: 'https://oss.example.com/a',
        width: null,
        height: null,
        mimeType: null,
        expiresAt: null,
      },
    ])
  })

  it('accepts a lone result object and skips entries without a URL', async () => {
    const job = await statusOf(
      envelope({
        taskStatus: 'finished',
        taskResult: { imageUrlList: ['https://o/a.webp', 'https://o/b.bmp'] },
      }),
    )
    expect(job.images.map((i) => i.mimeType)).toEqual(['image/webp', 'image/bmp'])
    const mixed = await statusOf(
      envelope({ taskStatus: 'finished', taskResult: [{ width: 1 }, { url: 'https://o/c.png' }] }),
    )
    expect(mixed.images.map((i) => i.index)).toEqual([0])
  })

  it('accepts resCode as a numeric string and success omitted', async () => {
    const job = await statusOf({ resCode: '200', data: { taskStatus: 'submitted' } })
    expect(job.state).toBe('queued')
  })

  it.each([
    [
      'a result URL that is not http(s)',
      { taskStatus: 'finished', taskResult: [{ url: 'oss://bucket/a.png' }] },
      'data.taskResult.0.url',
    ],
    ['a null taskStatus', { taskStatus: null }, 'taskStatus'],
    ['a wrongly typed taskResult', { taskStatus: 'finished', taskResult: 'a.png' }, 'taskResult'],
  ])('refuses %s as unexpected_response naming the field', async (_, data, field) => {
    const { adapter } = aidgeWith({ [AIDGE_API.query]: { json: envelope(data) } })
    const error = await adapter.status(AIDGE_FIXTURE_HANDLE).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'unexpected_response', provider: 'aidge', call: 'status' })
    expect((error as { fields: string[] }).fields.join(' ')).toContain(field)
  })
})
