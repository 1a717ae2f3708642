// Retried reads are ky's: it waits on its own `setTimeout`, not on the client's clock, so these
// tests fake the timers (and only them: `setImmediate` stays real, so the in-process gateway's
// promises and streams run between steps) and step them to the millisecond.
import { DarkroomAbortError } from '@darkroom/core'
import { backoffDelay } from '@darkroom/core/engine'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createClient, DarkroomApiError } from '../src/index.js'
import { gatewayApp, nextTurn, problemAnswer, recordingFetch } from './gateway-app.js'

const gateway = gatewayApp()

/** Fails the first `failures` requests with `failure()`, then lets the gateway answer. */
function failingFirst(failures: number, failure: () => Response | Error) {
  let left = failures
  return recordingFetch(gateway.fetch, async (_request, answer) => {
    if (left-- <= 0) return answer()
    const outcome = failure()
    if (outcome instanceof Error) throw outcome
    return outcome
  })
}

const client = (fetch: typeof globalThis.fetch, options: { random?: () => number } = {}) =>
  createClient({ baseUrl: 'http://gateway.test', apiKey: 'demo', fetch, ...options })

/** Lets every promise and stream step that does not need a timer run to its end. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await nextTurn()
}

/** Moves the faked timers forward by `ms`, then lets what they started run. */
async function elapse(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms)
  await settle()
}

/** Checks that the next attempt is sent exactly `waitMs` after the last one, not a millisecond sooner. */
async function expectNextAttemptAfter(seen: unknown[], waitMs: number): Promise<void> {
  const before = seen.length
  await elapse(waitMs - 1)
  expect(seen).toHaveLength(before)
  await elapse(1)
  expect(seen).toHaveLength(before + 1)
}

describe('retried reads (ky, on its own timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it("waits core's backoff, drawn from the client's random source, before each retry", async () => {
    const flaky = failingFirst(2, () => problemAnswer(503, true))
    const listed = client(flaky.fetch, { random: () => 0.5 }).providers.list()
    await settle()
    expect(flaky.seen).toHaveLength(1)
    const first = backoffDelay({ attempt: 1, random: 0.5 })
    const second = backoffDelay({ attempt: 2, random: 0.5 })
    expect([first, second]).toEqual([750, 1500])
    await expectNextAttemptAfter(flaky.seen, first)
    await expectNextAttemptAfter(flaky.seen, second)
    expect(await listed).toHaveLength(3)
  })

  it('retries a request that got no answer the same way', async () => {
    const dropped = failingFirst(1, () => new TypeError('fetch failed'))
    const listed = client(dropped.fetch, { random: () => 0 }).providers.list()
    await settle()
    await expectNextAttemptAfter(dropped.seen, 500)
    expect(await listed).toHaveLength(3)
  })

  it('waits the Retry-After instead when the gateway gives one', async () => {
    const limited = failingFirst(1, () => problemAnswer(503, true, '7'))
    const listed = client(limited.fetch, { random: () => 0.5 }).providers.list()
    await settle()
    await expectNextAttemptAfter(limited.seen, 7000)
    expect(await listed).toHaveLength(3)
  })

  it('does not wait out a Retry-After longer than maxRetryAfterMs: the error says how long', async () => {
    const limited = failingFirst(1, () => problemAnswer(429, true, '120'))
    const error = await client(limited.fetch)
      .providers.list()
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ status: 429, retryable: true, retryAfterMs: 120_000 })
    expect(limited.seen).toHaveLength(1)
  })

  it('does not retry a 502 the gateway marks retryable: false', async () => {
    const fatal = failingFirst(1, () => problemAnswer(502, false))
    const error = await client(fatal.fetch)
      .providers.list()
      .catch((e: unknown) => e)
    expect(DarkroomApiError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ status: 502, retryable: false })
    expect(fatal.seen).toHaveLength(1)
    expect(vi.getTimerCount()).toBe(0) // not even a wait was started
  })

  it("refuses a random source outside [0, 1] with the backoff's error, not a network error", async () => {
    const flaky = failingFirst(1, () => problemAnswer(503, true))
    const error = await client(flaky.fetch, { random: () => 2 })
      .providers.list()
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RangeError)
    expect((error as Error).message).toMatch(/random in \[0, 1\].*random 2,/)
    expect(flaky.seen).toHaveLength(1)
  })

  it('stops waiting at once when the caller aborts, without another request', async () => {
    const flaky = failingFirst(1, () => problemAnswer(503, true))
    const controller = new AbortController()
    const listed = client(flaky.fetch)
      .providers.list({ signal: controller.signal })
      .catch((e: unknown) => e)
    await elapse(100)
    controller.abort()
    expect(DarkroomAbortError.isInstance(await listed)).toBe(true)
    await elapse(60_000)
    expect(flaky.seen).toHaveLength(1)
  })
})
