import { describe, expect, it } from 'vitest'
import { aicontentClient } from '../testing/index.js'

const inference = { path: '/addInferenceJob', body: { modelId: 'demo-model', prompt: 'a dog' } }
const premodel = {
  path: '/addPreModelInferenceJob',
  body: { imageUrl: ['https://img.example.com/a.jpg'], prompt: 'a <special-token>' },
}

// The documented answers vary where the documentation's own examples do, so clients are tested
// against each form, not just against the one the emulator happened to pick.
describe('aicontent emulator: the documented variants', () => {
  it('starts some jobs NOT_START (the seed example) and others SUBMITTED', async () => {
    const { json, clock } = aicontentClient()
    const submitted = []
    for (let i = 0; i < 24; i++) submitted.push((await json(inference)).body.data)
    const words = new Set(submitted.map((data) => data.jobStatus))
    expect(words).toEqual(new Set(['NOT_START', 'SUBMITTED']))

    const notStarted = submitted.find((data) => data.jobStatus === 'NOT_START')
    const info = async () =>
      (await json({ path: '/queryInferenceJobInfo', query: { inferenceJobId: notStarted.id } }))
        .body.data.jobStatus
    expect(await info()).toBe('NOT_START')
    await clock.advance(2500) // past the 2 s queue wait
    expect(await info()).toBe('INFERRING')
    const submittedOne = submitted.find((data) => data.jobStatus === 'SUBMITTED')
    const other = await json({
      path: '/queryInferenceJobInfo',
      query: { inferenceJobId: submittedOne.id },
    })
    expect(other.body.data.jobStatus).toBe('INFERRING')
  })

  it('answers some successes with errCode null and others with errCode UNKNOWN_ERROR', async () => {
    const { json } = aicontentClient()
    const envelopes = []
    for (let i = 0; i < 24; i++) envelopes.push((await json(inference)).body)
    expect(envelopes.every((body) => body.success === true)).toBe(true)
    const pairs = new Set(envelopes.map((body) => `${body.errCode}/${body.errMessage}`))
    expect(pairs).toEqual(new Set(['UNKNOWN_ERROR/未知错误', 'null/null']))
  })

  it('fills modelId and promptId on pre-model jobs too', async () => {
    const { json } = aicontentClient()
    const { data } = (await json(premodel)).body
    expect(data).toMatchObject({
      modelId: `modelId-${data.id}`,
      promptId: `promptId-${data.id}`,
    })
    const info = await json({
      path: '/queryPreModelInferenceJobInfo',
      query: { inferenceJobId: data.id },
    })
    expect(info.body.data).toMatchObject({ modelId: data.modelId, promptId: data.promptId })
  })
})
