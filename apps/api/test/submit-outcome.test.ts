import { describe, expect, it } from 'vitest'
import { makeGateway } from './helpers.js'

describe('a submit whose outcome is unknown', () => {
  it('is a 502 submit_outcome_unknown problem, not retryable: the job may exist', async () => {
    // The emulator drops the connection after the request arrived: the job may well exist.
    const { request, clock } = makeGateway({ emulators: { faults: { dropRate: 1 } } })
    const body = { provider: 'speedpix', operation: 'txt2img', input: { prompt: 'a kite' } }
    const response = await clock.run(
      request('/v1/jobs', { method: 'POST', body: JSON.stringify(body) }),
    )
    expect(response.status).toBe(502)
    const problem = await response.json()
    expect(problem).toMatchObject({
      type: 'urn:darkroom:problem:submit_outcome_unknown',
      title: 'Submit outcome unknown',
      code: 'submit_outcome_unknown',
      retryable: false,
    })
    expect(problem.detail).toContain('may have created the job')
  })
})
