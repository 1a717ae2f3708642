import fc from 'fast-check'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { DarkroomError } from '../../errors/index.js'
import { JobSchema } from '../../model/job.js'
import { AIDGE_FIXTURE_HANDLE, aidgeWith } from '../../testing/index.js'
import { AIDGE_API } from './aidge-signing.js'

const RUNS = { numRuns: 200 }

function serialize(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null'
  } catch {
    return 'null'
  }
}

const anyValue = fc.oneof(fc.jsonValue(), fc.anything())
const word = fc.constantFrom('submitted', 'running', 'finished', 'failed', 'FINISHED', '')
const url = fc.oneof(
  fc.webUrl({ withQueryParameters: true }),
  fc.constant('https://oss.example.com/r/0.png?Expires=99999999999999&Signature=x'),
  fc.constant('https://oss.example.com/r/0.jpg?x-oss-date=20241301T250000Z&x-oss-expires=9'),
  fc.string(),
)
const resultItem = fc.record(
  {
    url: fc.oneof(url, anyValue),
    imageUrlList: fc.oneof(url, fc.array(url, { maxLength: 3 }), anyValue),
    width: fc.oneof(fc.integer(), fc.double(), fc.string(), anyValue),
    height: fc.oneof(fc.nat(5000), fc.constant('1024'), anyValue),
  },
  { requiredKeys: [] },
)
const data = fc.record(
  {
    taskId: fc.oneof(fc.string(), anyValue),
    taskStatus: fc.oneof(word, fc.string(), anyValue),
    taskMessage: fc.oneof(fc.string(), anyValue),
    taskResult: fc.oneof(fc.array(resultItem, { maxLength: 4 }), resultItem, anyValue),
    result: fc.record({ taskId: fc.oneof(fc.string(), anyValue) }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
)
const business = fc.record(
  {
    requestId: fc.oneof(fc.string(), anyValue),
    success: fc.oneof(fc.boolean(), anyValue),
    resCode: fc.oneof(
      fc.constantFrom(200, 500, 501, 700, 801, 1000, 1001, 1002, '200', '1000', ' 200 '),
      anyValue,
    ),
    resMessage: fc.oneof(
      fc.constant('Sorry, your calling resources have been exhausted'),
      fc.string(),
      anyValue,
    ),
    data: fc.oneof(data, anyValue),
  },
  { requiredKeys: [] },
)
const platform = fc.record(
  {
    code: fc.oneof(fc.constantFrom('0', 'IncompleteSignature', 'InvalidAppKey', 'X'), anyValue),
    type: fc.oneof(fc.constantFrom('ISV', 'ISP', 'SYSTEM'), anyValue),
    message: fc.oneof(fc.string(), anyValue),
    request_id: anyValue,
  },
  { requiredKeys: [] },
)
const body = fc.oneof(
  business.map(serialize),
  platform.map(serialize),
  anyValue.map(serialize),
  fc.json(),
  fc.string(),
)
const status = fc.constantFrom(200, 200, 200, 201, 400, 403, 404, 429, 500, 503)
const reply = fc.record({ status, body }).map(
  ({ status, body }) =>
    () =>
      new Response(body, { status, headers: { 'content-type': 'application/json' } }),
)

/** The property: a Job that passes the schema, or a DarkroomError; nothing else. */
async function normalizesOrFailsTyped(run: () => Promise<unknown>, isJob: boolean) {
  try {
    const result = await run()
    if (isJob) expect(v.safeParse(JobSchema, result).issues).toBeUndefined()
  } catch (error) {
    if (!DarkroomError.isInstance(error)) throw error
  }
}

describe('aidge adapter against arbitrary provider answers', () => {
  it('status() returns a valid Job or throws a DarkroomError', async () => {
    await fc.assert(
      fc.asyncProperty(reply, async (answer) => {
        const { adapter } = aidgeWith({ [AIDGE_API.query]: [answer] })
        await normalizesOrFailsTyped(
          () => adapter.status(AIDGE_FIXTURE_HANDLE, { raw: true }),
          true,
        )
      }),
      RUNS,
    )
  })

  it('submit() returns a valid Job or throws a DarkroomError', async () => {
    await fc.assert(
      fc.asyncProperty(reply, async (answer) => {
        const { adapter } = aidgeWith({ [AIDGE_API.submit]: [answer] })
        const input = { imageUrl: 'https://example.com/a.png', model: 'WHITE' }
        await normalizesOrFailsTyped(() => adapter.submit('virtual-model', input), true)
      }),
      RUNS,
    )
  })

  it('image() returns bytes or throws a DarkroomError, whatever the query and download say', async () => {
    const download = fc
      .record({
        status: fc.constantFrom(200, 200, 403, 404, 500),
        bytes: fc.uint8Array({ maxLength: 64 }),
        type: fc.constantFrom('image/png', 'application/octet-stream', ''),
      })
      .map(
        ({ status, bytes, type }) =>
          () =>
            new Response(bytes, { status, headers: { 'content-type': type } }),
      )
    await fc.assert(
      fc.asyncProperty(reply, download, fc.nat(3), async (answer, file, index) => {
        const { adapter } = aidgeWith({ [AIDGE_API.query]: [answer], '*': [file] })
        await normalizesOrFailsTyped(async () => {
          const result = await adapter.image(AIDGE_FIXTURE_HANDLE, index)
          expect(result.bytes.length).toBeGreaterThan(0)
          expect(result.mimeType).toMatch(/^[a-z]+\/[a-z0-9.+-]+$/)
        }, false)
      }),
      RUNS,
    )
  })
})
