import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AIDGE_QUERY, AIDGE_SAMPLE, AIDGE_SUBMIT, aidgeClient } from '../testing/index.js'

const FIELDS = Object.keys(AIDGE_SAMPLE).concat(['requestParams', 'taskId'])
const value = fc.oneof(fc.jsonValue(), fc.constantFrom(...Object.values(AIDGE_SAMPLE)), fc.string())
const params = fc.dictionary(fc.constantFrom(...FIELDS), value)
const body = fc.oneof(
  params.map((p) => JSON.stringify({ ...AIDGE_SAMPLE, ...p })),
  params.map((p) => JSON.stringify({ requestParams: [p] })),
  params.map((p) => JSON.stringify({ requestParams: JSON.stringify(p) })),
  fc.jsonValue().map((j) => JSON.stringify(j)),
  fc.string(),
)

describe('aidge emulator against arbitrary request bodies', () => {
  it('always answers a 200 envelope: accepted (200) or refused naming the input (700)', async () => {
    const { call } = aidgeClient()
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(AIDGE_SUBMIT, AIDGE_QUERY), body, async (api, rawBody) => {
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
