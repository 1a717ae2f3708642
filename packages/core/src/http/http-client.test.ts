import { describe, expect, it } from 'vitest'
import type { Clock } from '../clock/clock.js'
import { VirtualClock } from '../clock/virtual-clock.js'
import { DarkroomAbortError, DarkroomTimeoutError, NetworkError } from '../errors/index.js'
import { scriptedFetch } from '../testing/index.js'
import { createHttpClient, type HttpCall } from './http-client.js'
import { parseRetryAfter } from './retry-after.js'

/** Wraps a fetch to record when each attempt went out, on `clock`, from now. */
function timed(fetch: typeof globalThis.fetch, clock: Clock) {
  const started = clock.now()
  const times: number[] = []
  const wrapped = (async (input: RequestInfo | URL, init?: RequestInit) => {
    times.push(clock.now() - started)
    return fetch(input, init)
  }) as typeof globalThis.fetch
  return { fetch: wrapped, times }
}

/** A fetch that never answers, but stops when its request is aborted (as real fetch does). */
const hangingFetch = ((input: RequestInfo | URL, init?: RequestInit) => {
  const signal = init?.signal ?? (input as Request).signal
  return new Promise((_resolve, reject) => {
    if (signal?.aborted) reject(signal.reason)
    signal?.addEventListener('abort', () => reject(signal.reason))
  })
}) as typeof fetch

let nonce = 0
const call = (patch: Partial<HttpCall> = {}): HttpCall => ({
  call: 'status',
  idempotent: true,
  prepare: async () => ({
    method: 'POST',
    url: 'https://provider.test/status',
    headers: { 'x-nonce': String(++nonce) },
    body: '{}',
  }),
  ...patch,
})

describe('createHttpClient', () => {
  it('sends the prepared method, URL, headers and body unchanged, and reads the whole answer', async () => {
    const { fetch, requests } = scriptedFetch({
      '*': [
        new Response(new Uint8Array([1, 2, 3]), {
          status: 201,
          headers: { 'x-ca-request-id': 'r1' },
        }),
      ],
    })
    const http = createHttpClient({ provider: 'aidge', fetch, clock: new VirtualClock() })
    const result = await http.send({
      call: 'submit',
      idempotent: false,
      prepare: async () => ({
        method: 'PUT',
        url: 'https://provider.test/rest?sign=ABC&x=%E4%BD%A0',
        headers: { 'content-type': 'application/json', authorization: 'acs k:s' },
        body: '{"prompt":"你好"}',
      }),
    })
    const [request] = requests
    expect(request?.method).toBe('PUT')
    expect(request?.url.toString()).toBe('https://provider.test/rest?sign=ABC&x=%E4%BD%A0')
    expect(request?.headers.get('content-type')).toBe('application/json')
    expect(request?.headers.get('authorization')).toBe('acs k:s')
    expect(request?.body).toBe('{"prompt":"你好"}')
    expect(result.status).toBe(201)
    expect([...result.body]).toEqual([1, 2, 3])
    expect(result.headers.get('x-ca-request-id')).toBe('r1')
  })

  it('retries transient failures of idempotent calls, re-preparing (fresh nonce) each attempt', async () => {
    const clock = new VirtualClock()
    const { fetch, requests } = scriptedFetch({
      '*': [
        new Response('busy', { status: 503 }),
        new TypeError('fetch failed'),
        new Response('{"a":1}'),
      ],
    })
    const http = createHttpClient({ provider: 'speedpix', fetch, clock, random: () => 0.5 })
    const result = await clock.run(http.send(call()))
    expect(result.status).toBe(200)
    expect(result.json()).toEqual({ a: 1 })
    expect(result.attempts).toBe(3)
    expect(new Set(requests.map((r) => r.headers.get('x-nonce'))).size).toBe(3)
  })

  it('never sends a non-idempotent call twice, even after a 500 or a network error', async () => {
    for (const failure of [
      new Response('oops', { status: 500 }),
      new TypeError('socket hang up'),
    ]) {
      const clock = new VirtualClock()
      const { fetch, requests } = scriptedFetch({ '*': [failure] })
      const http = createHttpClient({ provider: 'aidge', fetch, clock })
      const outcome = await clock
        .run(http.send(call({ call: 'submit', idempotent: false })))
        .catch((e) => e)
      expect(requests).toHaveLength(1)
      if (failure instanceof Response) expect(outcome.status).toBe(500)
      else
        expect(NetworkError.isInstance(outcome) && outcome.message).toMatch(
          /aidge submit failed before an answer arrived/,
        )
    }
  })

  it('honours Retry-After between attempts', async () => {
    const clock = new VirtualClock()
    const { fetch, requests } = scriptedFetch({
      '*': [new Response('', { status: 429, headers: { 'retry-after': '3' } }), new Response('{}')],
    })
    const attempts = timed(fetch, clock)
    await clock.run(
      createHttpClient({ provider: 'aicontent', fetch: attempts.fetch, clock }).send(call()),
    )
    expect(attempts.times).toEqual([0, 3000])
    expect(requests).toHaveLength(2)
  })

  it("waits core's backoff between attempts: half the ceiling at least, from 250 ms doubling", async () => {
    const clock = new VirtualClock()
    const low = scriptedFetch({
      '*': [
        new Response('', { status: 503 }),
        new TypeError('fetch failed'),
        new Response('', { status: 502 }),
        new Response('{}'),
      ],
    })
    const lowAttempts = timed(low.fetch, clock)
    const options = { provider: 'speedpix', clock, retries: 3 } as const
    await clock.run(
      createHttpClient({ ...options, fetch: lowAttempts.fetch, random: () => 0 }).send(call()),
    )
    // 125, then 250, then 500 ms: the lower halves of the 250, 500 and 1000 ms ceilings.
    expect(lowAttempts.times).toEqual([0, 125, 375, 875])
    const high = scriptedFetch({ '*': [new Response('', { status: 503 }), new Response('{}')] })
    const highAttempts = timed(high.fetch, clock)
    await clock.run(
      createHttpClient({ ...options, fetch: highAttempts.fetch, random: () => 0.999 }).send(call()),
    )
    expect(highAttempts.times).toEqual([0, 250])
  })

  it('hands a Retry-After longer than maxRetryAfterMs back to the caller instead of waiting', async () => {
    const clock = new VirtualClock()
    const { fetch, requests } = scriptedFetch({
      '*': [new Response('', { status: 429, headers: { 'retry-after': '120' } })],
    })
    const result = await clock.run(
      createHttpClient({ provider: 'aicontent', fetch, clock }).send(call()),
    )
    expect(result.status).toBe(429)
    expect(result.retryAfterMs).toBe(120_000)
    expect(requests).toHaveLength(1)
  })

  it('gives up after the configured retries and returns the last answer', async () => {
    const clock = new VirtualClock()
    const { fetch, requests } = scriptedFetch({
      '*': [503, 503, 503, 503].map((s) => new Response('', { status: s })),
    })
    const result = await clock.run(
      createHttpClient({ provider: 'speedpix', fetch, clock, retries: 2 }).send(call()),
    )
    expect(result.status).toBe(503)
    expect(requests).toHaveLength(3)
    const once = scriptedFetch({ '*': [new Response('', { status: 503 })] })
    await clock.run(
      createHttpClient({ provider: 'speedpix', fetch: once.fetch, clock }).send(
        call({ retries: 0 }),
      ),
    )
    expect(once.requests).toHaveLength(1)
  })

  it('times out an attempt that never answers, on the injected clock', async () => {
    const virtual = new VirtualClock()
    // No `track`: a request that never answers must not hold virtual time still.
    const clock: Clock = { now: () => virtual.now(), sleep: (ms, s) => virtual.sleep(ms, s) }
    const hanging = hangingFetch
    const http = createHttpClient({
      provider: 'speedpix',
      fetch: hanging,
      clock,
      retries: 0,
      timeoutMs: 5000,
    })
    const outcome = http.send(call()).catch((e) => e)
    await virtual.advance(5000)
    const error = await outcome
    expect(DarkroomTimeoutError.isInstance(error)).toBe(true)
    expect(error.message).toMatch(/no answer within 5000 ms/)
  })

  it("times out on the clock's own timer when it has one, and cancels it on every answer", async () => {
    const virtual = new VirtualClock()
    const withTimer: Clock = {
      now: () => virtual.now(),
      sleep: (ms, s) => virtual.sleep(ms, s),
      timer: (ms, onTimeout) => virtual.timer(ms, onTimeout),
    }
    const hanging = createHttpClient({
      provider: 'aidge',
      fetch: hangingFetch,
      clock: withTimer,
      retries: 0,
      timeoutMs: 2000,
    })
    const outcome = hanging.send(call()).catch((e) => e)
    await virtual.advance(1999)
    expect(virtual.pendingTimers).toBe(1)
    await virtual.advance(1)
    expect(DarkroomTimeoutError.isInstance(await outcome)).toBe(true)

    // Answered: no timer is left behind, on the timer path or on the sleep fallback.
    const { fetch } = scriptedFetch({ '*': { json: {} } })
    const sleepOnly: Clock = { now: () => virtual.now(), sleep: (ms, s) => virtual.sleep(ms, s) }
    for (const clock of [withTimer, sleepOnly]) {
      await createHttpClient({ provider: 'aidge', fetch, clock }).send(call())
      expect(virtual.pendingTimers).toBe(0)
    }
  })

  it('aborts at once when the caller aborts', async () => {
    const controller = new AbortController()
    const hanging = hangingFetch
    const http = createHttpClient({ provider: 'speedpix', fetch: hanging })
    const outcome = http.send(call({ signal: controller.signal })).catch((e) => e)
    controller.abort()
    expect(DarkroomAbortError.isInstance(await outcome)).toBe(true)
  })

  it('reports a body that is not JSON as an unexpected response, not a SyntaxError', async () => {
    const { fetch } = scriptedFetch({ '*': [new Response('<html>gateway</html>')] })
    const result = await createHttpClient({ provider: 'aidge', fetch }).send(call())
    expect(() => result.json()).toThrow(/aidge answered a call with a body that is not JSON/)
  })
})

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, and ignores junk', () => {
    const now = Date.UTC(2024, 0, 1)
    expect(parseRetryAfter('2', now)).toBe(2000)
    expect(parseRetryAfter('Mon, 01 Jan 2024 00:00:10 GMT', now)).toBe(10_000)
    expect(parseRetryAfter('Sun, 31 Dec 2023 00:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter(null, now)).toBeUndefined()
    expect(parseRetryAfter('9'.repeat(400), now)).toBeUndefined()
  })

  it('removes the secrets it is given from every answer before anything reads it', async () => {
    const secret = 'provider-secret-0123456789'
    const echo = { message: `bad signature for ${secret}`, nested: [secret] }
    const { fetch } = scriptedFetch({ '*': [Response.json(echo, { status: 403 })] })
    const client = createHttpClient({ provider: 'speedpix', fetch, retries: 0, secrets: [secret] })
    const result = await client.send(call())
    expect(result.text()).not.toContain(secret)
    expect(result.json()).toEqual({
      message: 'bad signature for [redacted]',
      nested: ['[redacted]'],
    })
  })
})
