// Retried submits: every attempt of `jobs.create` carries the same Idempotency-Key, so the gateway
// answers a repeat with the first attempt's job. ky waits on its own `setTimeout`, so the timers
// are faked (only them), as in read-retries.test.ts; the gateway is a durable one, which keeps keys.
import { JobSchema } from '@darkroom/core'
import * as v from 'valibot'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createClient } from '../src/index.js'
import { gatewayApp, nextTurn, problemAnswer, recordingFetch } from './gateway-app.js'

const txt2img = {
  provider: 'speedpix',
  operation: 'txt2img',
  input: { prompt: 'a kite [[duration:600]]' },
} as const
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await nextTurn()
}

async function elapse(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms)
  await settle()
}

/** The gateway's fetch, with the first `n` attempts answered by `first(request, answer)`. */
function firstAttempts(
  n: number,
  first: (request: Request, answer: () => Promise<Response>) => Promise<Response>,
) {
  const gateway = gatewayApp({ durable: true })
  let left = n
  const recorded = recordingFetch(gateway.fetch, (request, answer) =>
    left-- > 0 ? first(request, answer) : answer(),
  )
  const client = createClient({
    baseUrl: 'http://gateway.test',
    apiKey: 'demo',
    fetch: recorded.fetch,
    random: () => 0,
    timeoutMs: 5_000,
  })
  const keys = () => recorded.seen.map((r) => r.headers.get('idempotency-key'))
  return { client, seen: recorded.seen, keys }
}

describe('jobs.create with an Idempotency-Key', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('sends a fresh UUID per call, or the caller’s own key', async () => {
    const { client, keys } = firstAttempts(0, async () => Response.error())
    await client.jobs.create(txt2img)
    await client.jobs.create(txt2img)
    await client.jobs.create(txt2img, { idempotencyKey: 'order-42' })
    const [a, b, own] = keys()
    expect(a).toMatch(UUID)
    expect(b).toMatch(UUID)
    expect(a).not.toBe(b)
    expect(own).toBe('order-42')
    await expect(client.jobs.create(txt2img, { idempotencyKey: 'has space' })).rejects.toThrow(
      /idempotencyKey must be 1 to 255 visible ASCII/,
    )
  })

  it('makes its key from getRandomValues where randomUUID is missing (no secure context)', async () => {
    // Shadowed on the instance (the method lives on Crypto's prototype) until the request is
    // sent, then unshadowed: the in-process gateway needs it for its request ids.
    const restore = () => Reflect.deleteProperty(crypto, 'randomUUID')
    const { client, keys } = firstAttempts(1, async (_request, answer) => {
      restore()
      return answer()
    })
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true })
    try {
      await client.jobs.create(txt2img)
    } finally {
      restore()
    }
    expect(keys()[0]).toMatch(/^[0-9a-f]{32}$/)
  })

  it('retries a submit whose answer was lost with the same key, and gets the first job', async () => {
    let lost: unknown
    const { client, seen, keys } = firstAttempts(1, async (_request, answer) => {
      // The gateway took the request and created the job; the connection dropped on the way back.
      lost = await (await answer()).json()
      throw new TypeError('fetch failed')
    })
    const created = client.jobs.create(txt2img)
    await settle()
    expect(seen).toHaveLength(1)
    await elapse(500) // core's backoff with random 0
    const job = await created
    expect(seen).toHaveLength(2)
    expect(keys()[1]).toBe(keys()[0])
    expect(job.id).toBe(v.parse(JobSchema, lost).id)
  })

  it('retries a 503 after the backoff and a 409 in flight after its Retry-After', async () => {
    const answers = [problemAnswer(503, true), inFlight('2')]
    const { client, seen, keys } = firstAttempts(2, async () => answers.shift() as Response)
    const created = client.jobs.create(txt2img)
    await settle()
    await elapse(500)
    expect(seen).toHaveLength(2)
    await elapse(1999)
    expect(seen).toHaveLength(2)
    await elapse(1)
    expect(seen).toHaveLength(3)
    expect((await created).provider).toBe('speedpix')
    expect(new Set(keys()).size).toBe(1)
  })

  it('retries an attempt that timed out, with the same key', async () => {
    const { client, seen, keys } = firstAttempts(
      1,
      (request) =>
        new Promise((_resolve, reject) => {
          request.signal.addEventListener('abort', () => reject(request.signal.reason))
        }),
    )
    const created = client.jobs.create(txt2img)
    await settle()
    await elapse(5_000)
    await elapse(500)
    expect((await created).provider).toBe('speedpix')
    expect(seen).toHaveLength(2)
    expect(keys()[1]).toBe(keys()[0])
  })

  it('never retries submit_outcome_unknown: the gateway knows no more on a second try', async () => {
    const unknown = () =>
      Response.json(
        {
          type: 'urn:darkroom:problem:submit_outcome_unknown',
          title: 'Submit outcome unknown',
          status: 502,
          detail: 'may or may not',
          code: 'submit_outcome_unknown',
          retryable: false,
          requestId: 'r',
        },
        { status: 502, headers: { 'content-type': 'application/problem+json' } },
      )
    const { client, seen } = firstAttempts(3, async () => unknown())
    const error = await client.jobs.create(txt2img).catch((e: unknown) => e)
    expect(error).toMatchObject({ status: 502, code: 'submit_outcome_unknown', retryable: false })
    expect(seen).toHaveLength(1)
  })

  it('passes run’s idempotencyKey to its submit', async () => {
    const { client, keys } = firstAttempts(0, async () => Response.error())
    const controller = new AbortController()
    const ran = client.run(txt2img, { idempotencyKey: 'run-7', signal: controller.signal })
    await settle()
    controller.abort()
    await ran.catch(() => undefined)
    expect(keys()[0]).toBe('run-7')
  })
})

/** The gateway's 409 for a key whose first request is still in flight. */
function inFlight(retryAfter: string): Response {
  return Response.json(
    {
      type: 'urn:darkroom:problem:idempotency_key_in_flight',
      title: 'Idempotency-Key in flight',
      status: 409,
      detail: 'still being submitted',
      code: 'idempotency_key_in_flight',
      retryable: true,
      requestId: 'r',
    },
    {
      status: 409,
      headers: { 'content-type': 'application/problem+json', 'retry-after': retryAfter },
    },
  )
}
