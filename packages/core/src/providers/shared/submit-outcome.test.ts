import { describe, expect, it } from 'vitest'
import { type Clock, VirtualClock } from '../../clock/index.js'
import {
  DarkroomTimeoutError,
  NetworkError,
  ProviderApiError,
  ResponseValidationError,
  SubmitOutcomeUnknownError,
} from '../../errors/index.js'
import type { ProviderAdapter } from '../../spec/adapter.js'
import {
  AICONTENT_TEST_CREDENTIALS,
  AIDGE_FIXTURE_HANDLE,
  AIDGE_TEST_CREDENTIALS,
  aicontentOk,
  aicontentWith,
  aidgeWith,
  type Reply,
  SPEEDPIX_TEST_CREDENTIALS,
  scriptedFetch,
  speedpixOk,
  speedpixWith,
} from '../../testing/index.js'
import { createProviderAdapter } from '../catalog.js'

/** Each provider's submit, its route answering `reply`. */
const PROVIDERS = {
  aicontent: {
    with: (reply: Reply) => aicontentWith(reply),
    credentials: AICONTENT_TEST_CREDENTIALS,
    submit: (adapter: ProviderAdapter) =>
      adapter.submit('inference', { modelId: 'demo-model', prompt: 'a <special-token>' }),
    noTaskId: aicontentOk({ jobStatus: 'SUBMITTED' }),
  },
  speedpix: {
    with: (reply: Reply) => speedpixWith({ '/scc/sd_txt2img': reply }),
    credentials: SPEEDPIX_TEST_CREDENTIALS,
    submit: (adapter: ProviderAdapter) => adapter.submit('txt2img', { prompt: 'a lighthouse' }),
    noTaskId: speedpixOk({ status: 'waiting' }),
  },
  aidge: {
    with: (reply: Reply) => aidgeWith({ '/ai/virtual/model/generation/batch': reply }),
    credentials: AIDGE_TEST_CREDENTIALS,
    submit: (adapter: ProviderAdapter) =>
      adapter.submit('virtual-model', { imageUrl: 'https://x.test/a.png', model: 'WHITE' }),
    noTaskId: { json: { requestId: 'r', success: true, resCode: 200, data: {} } },
  },
} as const

type Id = keyof typeof PROVIDERS

async function outcome(provider: Id, reply: Reply) {
  const spec = PROVIDERS[provider]
  const { adapter, clock } = spec.with(reply)
  return clock.run(() => spec.submit(adapter)).catch((e: unknown) => e)
}

/** A submit whose request never gets an answer, until the attempt's timeout. */
async function timedOut(provider: Id) {
  const virtual = new VirtualClock()
  // No `track`: a request that never answers must not hold virtual time still.
  const clock: Clock = { now: () => virtual.now(), sleep: (ms, s) => virtual.sleep(ms, s) }
  const { fetch } = scriptedFetch({ '*': () => new Promise<never>(() => {}) })
  const options = { ...PROVIDERS[provider].credentials, fetch, clock, timeoutMs: 5000 }
  let settled = false
  const result = PROVIDERS[provider]
    .submit(createProviderAdapter(provider, options))
    .catch((e: unknown) => e)
    .finally(() => {
      settled = true
    })
  // Signing is asynchronous, so the attempt's timer may start a few turns late.
  for (let i = 0; i < 10 && !settled; i++) await virtual.advance(5000)
  return result
}

describe.each(Object.keys(PROVIDERS) as (keyof typeof PROVIDERS)[])(
  '%s submit whose outcome is unknown',
  (provider) => {
    const expectUnknown = (error: unknown, reason: string) => {
      expect(SubmitOutcomeUnknownError.isInstance(error)).toBe(true)
      expect(error).toMatchObject({
        code: 'submit_outcome_unknown',
        retryable: false,
        provider,
        call: 'submit',
        reason,
      })
      const message = (error as Error).message
      expect(message).toContain('may have created the job')
      expect(message).toContain('second, paid job')
    }

    it('a network failure is submit_outcome_unknown, not a retryable network error', async () => {
      const error = await outcome(provider, new TypeError('fetch failed'))
      expectUnknown(error, 'no-answer')
      expect(NetworkError.isInstance((error as Error).cause)).toBe(true)
    })

    it('a timeout is submit_outcome_unknown, not a retryable timeout', async () => {
      const error = await timedOut(provider)
      expectUnknown(error, 'no-answer')
      expect(DarkroomTimeoutError.isInstance((error as Error).cause)).toBe(true)
    })

    it('a 2xx body that is not JSON is submit_outcome_unknown, not "try again"', async () => {
      const error = await outcome(provider, { text: '{"status":10,"da' })
      expectUnknown(error, 'unreadable-answer')
      expect(ResponseValidationError.isInstance((error as Error).cause)).toBe(true)
      expect((error as Error).message).not.toMatch(/try again/i)
    })

    it('a 2xx envelope without a task id is submit_outcome_unknown', async () => {
      expectUnknown(await outcome(provider, PROVIDERS[provider].noTaskId), 'unreadable-answer')
    })

    it('a refusal stays what it was: the provider said no job was made', async () => {
      const error = await outcome(provider, { status: 503, text: 'busy' })
      expect(ProviderApiError.isInstance(error)).toBe(true)
      expect(error).toMatchObject({ code: 'provider_error', retryable: true })
    })
  },
)

describe('a status poll that gets no answer', () => {
  it('stays a retryable network error: asking again costs nothing', async () => {
    const { adapter, clock } = aidgeWith({
      '/ai/virtual/model/generation/query': new TypeError('x'),
    })
    const error = await clock.run(() => adapter.status(AIDGE_FIXTURE_HANDLE)).catch((e) => e)
    expect(NetworkError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ code: 'network', retryable: true })
  })
})
