import { describe, expect, it } from 'vitest'
import { aicontentWith } from '../../testing/index.js'

const handle = {
  provider: 'aicontent' as const,
  operation: 'premodel-inference',
  providerJobId: 'girl-0001',
}

/** A refusal envelope with an errCode the documentation does not list. */
const undocumented = (status: number) => ({
  status,
  json: {
    requestId: 'r-9',
    success: false,
    errCode: 'B_JOB_SCHEDULER_BUSY',
    errMessage: 'scheduler busy',
    httpStatusCode: status,
  },
})

describe('aicontent: an errCode in no table', () => {
  it.each([400, 404, 200])(
    'on a status poll (HTTP %i) is a retryable provider error: the job may still finish',
    async (status) => {
      const { adapter } = aicontentWith(undocumented(status))
      await expect(adapter.status(handle)).rejects.toMatchObject({
        code: 'provider_error',
        retryable: true,
        call: 'status',
        providerCode: 'B_JOB_SCHEDULER_BUSY',
        requestId: 'r-9',
      })
    },
  )

  it('on submit maps by its HTTP status, as before (no job exists yet)', async () => {
    const { adapter } = aicontentWith(undocumented(400))
    const input = { imageUrls: ['https://x.test/a.png'], prompt: 'a girl' }
    await expect(adapter.submit('premodel-inference', input)).rejects.toMatchObject({
      code: 'invalid_input',
      retryable: false,
      call: 'submit',
    })
  })
})
