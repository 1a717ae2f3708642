import { Webhook } from 'standardwebhooks'
import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../clock/virtual-clock.js'
import type { Job } from '../model/job.js'
import { MemoryJobStore } from '../store/memory-job-store.js'
import { sampleJob } from '../testing/stored-jobs.js'
import { sampleDelivery } from '../testing/webhook-outbox-contract.js'
import {
  WEBHOOK_RETRY_JITTER,
  WEBHOOK_RETRY_SCHEDULE_MS,
  webhookRetryDelay,
} from './retry-schedule.js'
import { MAX_ANSWER_BYTES } from './send-webhook.js'
import { WebhookDispatcher, type WebhookDispatcherOptions } from './webhook-dispatcher.js'

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const HOUR = 3_600_000

interface Sent {
  at: number
  url: string
  init: RequestInit
  headers: Record<string, string>
  body: string
}

/** A receiver answering from `answer(n)` for the n-th request (0-based), recording each. */
function receiver(
  clock: VirtualClock,
  answer: (n: number, signal: AbortSignal) => Promise<Response>,
) {
  const sent: Sent[] = []
  const fetch = (async (url: string, init: RequestInit) => {
    const body = new TextDecoder().decode(init.body as Uint8Array)
    sent.push({ at: clock.now(), url, init, headers: init.headers as Record<string, string>, body })
    return answer(sent.length - 1, init.signal as AbortSignal)
  }) as typeof globalThis.fetch
  return { sent, fetch }
}

async function setup(
  answer: (n: number, signal: AbortSignal) => Promise<Response>,
  options: Partial<WebhookDispatcherOptions> = {},
) {
  const clock = new VirtualClock()
  const store = new MemoryJobStore()
  const job = sampleJob(1)
  await store.insert(job, { url: 'https://hooks.example.com/in', events: ['job.succeeded'] })
  const delivery = { ...sampleDelivery(job, 1, clock.now()), id: 'msg_2xWe7Yc9bQ' }
  await store.update(job.key, { polls: 1 }, [delivery])
  const { sent, fetch } = receiver(clock, answer)
  const dispatcher = new WebhookDispatcher({
    store,
    clock,
    fetch,
    secretFor: (owner) => (owner === 'alice' ? SECRET : null),
    present: (snapshot: Job) => ({ ...snapshot, id: `token-of-${snapshot.providerJobId}` }),
    random: () => 0.5,
    ...options,
  })
  const deliveryOf = async () => (await store.deliveries(job.key))[0]
  return { clock, store, job, delivery, dispatcher, sent, deliveryOf }
}

const status = (code: number, headers: Record<string, string> = {}) =>
  Promise.resolve(new Response(code === 204 ? null : `answer ${code}`, { status: code, headers }))

describe('the retry schedule', () => {
  it('is the Standard Webhooks example: 5 s first, over 24 h in all even with the lowest jitter', () => {
    expect(WEBHOOK_RETRY_SCHEDULE_MS[0]).toBe(5000)
    const low = WEBHOOK_RETRY_SCHEDULE_MS.map((_, i) => webhookRetryDelay(i + 1, 0) as number)
    const high = WEBHOOK_RETRY_SCHEDULE_MS.map((_, i) => webhookRetryDelay(i + 1, 1) as number)
    expect(low[0]).toBe(4500)
    expect(high[0]).toBe(5500)
    expect(high[0]).toBeLessThanOrEqual(10_000)
    expect(low.reduce((a, b) => a + b)).toBeGreaterThanOrEqual(24 * HOUR)
    for (const [i, step] of WEBHOOK_RETRY_SCHEDULE_MS.entries()) {
      expect(low[i]).toBe(Math.round(step * (1 - WEBHOOK_RETRY_JITTER)))
      expect(high[i]).toBe(Math.round(step * (1 + WEBHOOK_RETRY_JITTER)))
    }
    expect(webhookRetryDelay(WEBHOOK_RETRY_SCHEDULE_MS.length + 1, 0.5)).toBeNull()
  })

  it('takes a Retry-After as a floor, up to a day, and refuses nonsense', () => {
    expect(webhookRetryDelay(1, 0.5, 60_000)).toBe(60_000)
    expect(webhookRetryDelay(1, 0.5, 1000)).toBe(5000)
    expect(webhookRetryDelay(1, 0.5, 90 * HOUR)).toBe(24 * HOUR)
    expect(() => webhookRetryDelay(0, 0.5)).toThrow(RangeError)
    expect(() => webhookRetryDelay(1, 2)).toThrow(RangeError)
  })
})

describe('WebhookDispatcher', () => {
  it('retries a failing receiver on the schedule with the same webhook-id, each attempt signed afresh', async () => {
    const { clock, dispatcher, sent, deliveryOf, delivery } = await setup(() => status(503))
    const t0 = clock.now()
    dispatcher.start()
    await clock.advance(30 * HOUR)
    expect(sent.length).toBe(8)
    const gaps = sent.slice(1).map((s, i) => s.at - (sent[i] as Sent).at)
    expect(gaps).toEqual([...WEBHOOK_RETRY_SCHEDULE_MS])
    expect(sent[0]?.at).toBe(t0)
    const reference = new Webhook(SECRET)
    for (const s of sent) {
      expect(s.headers['webhook-id']).toBe(delivery.id)
      expect(s.headers['webhook-timestamp']).toBe(String(Math.floor(s.at / 1000)))
      const expected = reference.sign(delivery.id, new Date(Math.floor(s.at / 1000) * 1000), s.body)
      expect(s.headers['webhook-signature']).toBe(expected)
      expect(s.init.redirect).toBe('manual')
      expect(s.body).toBe(sent[0]?.body)
    }
    const body = JSON.parse(sent[0]?.body ?? '')
    expect(body).toMatchObject({ type: 'job.succeeded', data: { id: 'token-of-task-1' } })
    expect(body.timestamp).toBe(new Date(delivery.occurredAt).toISOString())
    const done = await deliveryOf()
    expect(done).toMatchObject({ state: 'failed', attempts: 8, nextAttemptAt: null })
    expect(done?.log.map((a) => a.status)).toEqual(Array(8).fill(503))
    expect(done?.log[0]?.excerpt).toBe('answer 503')
    await dispatcher.close()
  })

  it('stops at the first 2xx, recording it', async () => {
    const { clock, dispatcher, sent, deliveryOf } = await setup((n) => status(n < 3 ? 500 : 204))
    dispatcher.start()
    await clock.advance(2 * HOUR)
    expect(sent.length).toBe(4)
    expect(new Set(sent.map((s) => s.headers['webhook-id'])).size).toBe(1)
    expect(await deliveryOf()).toMatchObject({ state: 'delivered', attempts: 4 })
    expect((await deliveryOf())?.log.map((a) => a.error)).toEqual([
      'status',
      'status',
      'status',
      null,
    ])
    await dispatcher.close()
  })

  it('honours a 429’s Retry-After', async () => {
    const { clock, dispatcher, sent } = await setup((n) =>
      n === 0 ? status(429, { 'retry-after': '120' }) : status(200),
    )
    dispatcher.start()
    await clock.advance(119_000)
    expect(sent.length).toBe(1)
    await clock.advance(1000)
    expect(sent.length).toBe(2)
    await dispatcher.close()
  })

  it.each([
    [400, 'status'],
    [410, 'status'],
    [302, 'redirect'],
    [307, 'redirect'],
  ])('gives up at once on a %i', async (code, error) => {
    const { clock, dispatcher, sent, deliveryOf } = await setup(() =>
      status(code, code < 400 ? { location: 'http://169.254.169.254/' } : {}),
    )
    dispatcher.start()
    await clock.advance(30 * HOUR)
    expect(sent.length).toBe(1)
    const delivery = await deliveryOf()
    expect(delivery).toMatchObject({ state: 'failed', attempts: 1 })
    expect(delivery?.log[0]).toMatchObject({ status: code, error })
    if (code < 400) expect(delivery?.log[0]?.excerpt).toMatch(/not followed/)
    await dispatcher.close()
  })

  it('retries after a network error', async () => {
    const { clock, dispatcher, sent, deliveryOf } = await setup((n) =>
      n === 0
        ? Promise.reject(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }))
        : status(200),
    )
    dispatcher.start()
    await clock.advance(0)
    const failed = (await deliveryOf())?.log[0]
    expect(failed).toMatchObject({ status: null, error: 'network' })
    expect(failed?.excerpt).toBe('fetch failed (ECONNREFUSED)')
    await clock.advance(5000)
    expect(sent.length).toBe(2)
    expect(await deliveryOf()).toMatchObject({ state: 'delivered' })
    await dispatcher.close()
  })

  it('reads a few KiB of an answer at most and keeps 256 characters of it', async () => {
    let pulled = 0
    const endless = () =>
      Promise.resolve(
        new Response(
          new ReadableStream<Uint8Array>({
            pull(controller) {
              pulled += 1024
              controller.enqueue(new Uint8Array(1024).fill(65))
            },
          }),
          { status: 500 },
        ),
      )
    const { clock, dispatcher, deliveryOf } = await setup(endless)
    dispatcher.start()
    await clock.advance(0)
    const delivery = await deliveryOf()
    expect(delivery?.log[0]?.excerpt).toBe('A'.repeat(256))
    expect(pulled).toBeLessThanOrEqual(MAX_ANSWER_BYTES + 2048)
    await dispatcher.close()
  })

  it('refuses to send a body over the bound, a refused URL and an owner without a secret', async () => {
    const huge = await setup(() => status(200), {
      present: (job: Job) => ({ ...job, raw: 'x'.repeat(300 * 1024) }),
    })
    huge.dispatcher.start()
    await huge.clock.advance(0)
    expect(huge.sent).toEqual([])
    expect((await huge.deliveryOf())?.log[0]?.excerpt).toMatch(
      /over the 262144 a delivery may carry/,
    )
    await huge.dispatcher.close()

    const refused = await setup(() => status(200), {
      checkUrl: async () => 'it resolves to 127.0.0.1, a loopback address',
    })
    refused.dispatcher.start()
    await refused.clock.advance(0)
    expect(refused.sent).toEqual([])
    expect(await refused.deliveryOf()).toMatchObject({ state: 'failed' })
    expect((await refused.deliveryOf())?.log[0]).toMatchObject({ error: 'refused' })
    await refused.dispatcher.close()

    const nobody = await setup(() => status(200), { secretFor: () => null })
    nobody.dispatcher.start()
    await nobody.clock.advance(0)
    expect(nobody.sent).toEqual([])
    const log = (await nobody.deliveryOf())?.log[0]
    expect(log?.excerpt).toMatch(/no webhook secret is configured for the API key "alice"/)
    expect(JSON.stringify(log)).not.toContain(SECRET)
    await nobody.dispatcher.close()
  })

  it('resumes a pending delivery from the store after a restart, at its planned time', async () => {
    const first = await setup((n) => status(n === 0 ? 503 : 200))
    first.dispatcher.start()
    await first.clock.advance(1000)
    await first.dispatcher.close()
    expect(first.sent.length).toBe(1)
    const planned = (await first.deliveryOf())?.nextAttemptAt as number
    // A new process: a new dispatcher over the same store, the same receiver.
    const again = new WebhookDispatcher({
      store: first.store,
      clock: first.clock,
      fetch: receiver(first.clock, () => status(200)).fetch,
      secretFor: () => SECRET,
      present: (job: Job) => job,
      random: () => 0.5,
    })
    again.start()
    await first.clock.advance(planned - first.clock.now() - 1)
    expect((await first.deliveryOf())?.state).toBe('pending')
    await first.clock.advance(1)
    expect(await first.deliveryOf()).toMatchObject({ state: 'delivered', attempts: 2 })
    await again.close()
  })

  it('sends a delivery enqueued while it sleeps as soon as it is woken, and a redelivery likewise', async () => {
    const { clock, store, job, dispatcher, sent } = await setup(() => status(200))
    dispatcher.start()
    await clock.advance(0)
    expect(sent.length).toBe(1)
    await store.update(job.key, { polls: 2 }, [sampleDelivery(job, 7, clock.now())])
    dispatcher.wake()
    await clock.advance(0)
    expect(sent.map((s) => s.headers['webhook-id'])).toEqual(['msg_2xWe7Yc9bQ', 'msg_sample7'])
    await store.redeliver(job.key, clock.now())
    dispatcher.wake()
    await clock.advance(0)
    expect(sent.map((s) => s.headers['webhook-id']).at(-1)).toBe('msg_sample7')
    await dispatcher.close()
  })
})
