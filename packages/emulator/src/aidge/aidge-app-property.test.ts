import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { QUERY, SAMPLE, SUBMIT, setup } from './test-aidge-client.js'

const FIELDS = Object.keys(SAMPLE).concat(['requestParams', 'taskId'])
const value = fc.oneof(fc.jsonValue(), fc.constantFrom(...Object.values(SAMPLE)), fc.string())
const params = fc.dictionary(fc.constantFrom(...FIELDS), value)
const body = fc.oneof(
  params.map((p) => JSON.stringify({ ...SAMPLE, ...p })),
  params.map((p) => JSON.stringify({ requestParams: [p] })),
  params.map((p) => JSON.stringify({ requestParams: JSON.stringify(p) })),
  fc.jsonValue().map((j) => JSON.stringify(j)),
  fc.string(),
)

describe('aidge emulator against arbitrary request bodies', () => {
  it('always answers a 200 envelope: accepted (200) or refused naming the input (700)', async () => {
    const { call } = setup()
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(SUBMIT, QUERY), body, async (api, rawBody) => {
        const res = await call(api, null, { rawBody })
        expect(res.status).toBe(200)
        const answer = (await res.json()) as Record<string, unknown>
        if (answer.resCode === 200) {
          expect(answer.success).toBe(true)
        } else {
          expect(answer).toMatchObject({ success: false, resCode: 700, data: null })
          expect(answer.resMessage).toMatch(/^invalid input: /)
        }
      }),
      { numRuns: 200 },
    )
  })
})
