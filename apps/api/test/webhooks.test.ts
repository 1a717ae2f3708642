import { JobSchema, VirtualClock } from '@darkroom/core'
import { Webhook } from 'standardwebhooks'
import * as v from 'valibot'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { DEMO_WEBHOOK_SECRET } from '../src/config-webhooks.js'
import { type NodeGateway, startNodeGateway } from '../src/runtimes/node-server.js'
import { tempDataDir } from './child-gateway.js'
import { loopbackCaller, readSse } from './helpers.js'
import { type Receiver, startReceiver } from './webhook-receiver.js'

const OTHER = 'other-key-0123456789'
const MINUTE = 60_000

/** Verifies a received delivery with the reference library, at the time it was signed. */
function verified(received: Receiver['received'][number]): unknown {
  const signedAt = Number(received.headers['webhook-timestamp']) * 1000
  vi.useFakeTimers({ toFake: ['Date'] })
  try {
    vi.setSystemTime(signedAt)
    return new Webhook(DEMO_WEBHOOK_SECRET).verify(received.body, {
      'webhook-id': String(received.headers['webhook-id']),
      'webhook-timestamp': String(received.headers['webhook-timestamp']),
      'webhook-signature': String(received.headers['webhook-signature']),
    })
  } finally {
    vi.useRealTimers()
  }
}

// The Node gateway in demo mode over loopback, on a virtual clock (the retry schedule spans
// minutes), delivering to a real receiver on 127.0.0.1.
describe('webhooks on the Node gateway', () => {
  const clock = new VirtualClock()
  let gateway: NodeGateway
  const call = loopbackCaller(clock, () => gateway.url)
  const data = tempDataDir()
  // `flip.test` resolves to loopback at submit and to a private address afterwards.
  let flipped = false
  const resolveWebhookHost = async (hostname: string) => {
    if (hostname === 'flip.test')
      return [{ address: flipped ? '10.0.0.7' : '127.0.0.1', family: 4 }]
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' })
  }
  const receivers: Receiver[] = []
  const receiver = async (status: (n: number) => number) => {
    const started = await startReceiver(status)
    receivers.push(started)
    return started
  }

  beforeAll(async () => {
    gateway = await startNodeGateway(
      {
        PORT: '0',
        HOST: '127.0.0.1',
        DARKROOM_DATA_DIR: data.dir,
        DARKROOM_DEMO: '1',
        DARKROOM_API_KEYS: `other:${OTHER}`,
      },
      { clock, resolveWebhookHost },
    )
  })
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()))
  })
  afterAll(async () => {
    await gateway.close()
    data.remove()
  })

  const submit = async (webhook: unknown, key = 'demo') => {
    const created = await call('/v1/jobs', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body: JSON.stringify({
        provider: 'speedpix',
        operation: 'txt2img',
        input: { prompt: 'a heron [[duration:5]]' },
        webhook,
      }),
    })
    return { status: created.status, body: await created.json() }
  }
  const finish = async (id: string) => {
    await clock.run(async () => readSse(await call(`/v1/jobs/${id}/events`)))
  }

  it('delivers the terminal event to a receiver failing three times, the same webhook-id each time', async () => {
    const hook = await receiver((n) => (n < 3 ? 500 : 204))
    const created = await submit({ url: hook.url })
    expect(created.status).toBe(202)
    const job = v.parse(JobSchema, created.body)
    await finish(job.id)
    // Immediately, then 5 s, 5 min and 30 min later (each ±10 %).
    await clock.advance(40 * MINUTE)
    expect(hook.received.length).toBe(4)
    const ids = new Set(hook.received.map((r) => r.headers['webhook-id']))
    expect(ids.size).toBe(1)
    expect([...ids][0]).toMatch(/^msg_/)
    const stamps = hook.received.map((r) => Number(r.headers['webhook-timestamp']))
    expect(new Set(stamps).size).toBe(4)
    for (const received of hook.received) {
      const event = verified(received) as { type: string; data: { id: string; state: string } }
      expect(event.type).toBe('job.succeeded')
      expect(event.data.id).toBe(job.id)
      expect(event.data.state).toBe('succeeded')
    }
    const read = await call(`/v1/jobs/${job.id}/deliveries`)
    expect(read.status).toBe(200)
    const { deliveries } = await read.json()
    expect(deliveries).toHaveLength(1)
    expect(deliveries[0]).toMatchObject({
      id: [...ids][0],
      type: 'job.succeeded',
      state: 'delivered',
      attempts: 4,
      nextAttemptAt: null,
    })
    expect(deliveries[0].log.map((a: { status: number }) => a.status)).toEqual([500, 500, 500, 204])
    expect(deliveries[0].log[0].excerpt).toBe('receiver said 500')
    expect(JSON.stringify(deliveries)).not.toContain(DEMO_WEBHOOK_SECRET)

    // Resent on request: the same id again, a fresh signature.
    const again = await call(`/v1/jobs/${job.id}/deliveries/redeliver`, { method: 'POST' })
    expect(again.status).toBe(202)
    expect(await again.json()).toMatchObject({ id: [...ids][0], state: 'pending', attempts: 0 })
    await clock.advance(0)
    expect(hook.received.length).toBe(5)
    expect(hook.received[4]?.headers['webhook-id']).toBe([...ids][0])
    expect(verified(hook.received[4] as Receiver['received'][number])).toMatchObject({
      type: 'job.succeeded',
    })

    // Another key's job is the same 404 as no job, on both routes.
    const foreign = { headers: { authorization: `Bearer ${OTHER}` } }
    expect((await call(`/v1/jobs/${job.id}/deliveries`, foreign)).status).toBe(404)
    const post = { ...foreign, method: 'POST' }
    expect((await call(`/v1/jobs/${job.id}/deliveries/redeliver`, post)).status).toBe(404)
  })

  it('says a job without a webhook has nothing to redeliver, and lists no deliveries', async () => {
    const created = await submit(undefined)
    const job = v.parse(JobSchema, created.body)
    expect(await (await call(`/v1/jobs/${job.id}/deliveries`)).json()).toEqual({ deliveries: [] })
    const none = await call(`/v1/jobs/${job.id}/deliveries/redeliver`, { method: 'POST' })
    expect(none.status).toBe(409)
    expect(await none.json()).toMatchObject({ code: 'no_delivery' })
    await finish(job.id)
  })

  it('refuses a bad webhook at submit, naming the part', async () => {
    for (const [webhook, path] of [
      [{ url: 'ftp://127.0.0.1/' }, '(webhook).url'],
      [{ url: 'http://10.1.2.3/hook' }, '(webhook).url'],
      [{ url: 'http://[::ffff:169.254.169.254]/' }, '(webhook).url'],
      [{ url: 'http://127.0.0.1/', events: ['job.finished'] }, '(webhook).events'],
    ] as const) {
      const refused = await submit(webhook)
      expect(refused.status, JSON.stringify(webhook)).toBe(400)
      expect(refused.body.errors.map((e: { path: string }) => e.path)).toEqual([path])
    }
    const metadata = await submit({ url: 'http://169.254.169.254/latest/meta-data' })
    expect(metadata.body.detail).toMatch(/cloud metadata/)
  })

  it('checks the address again at delivery: a host that now resolves privately is not sent to', async () => {
    const hook = await receiver(() => 204)
    const created = await submit({ url: `http://flip.test:${hook.port}/hook` })
    expect(created.status).toBe(202)
    const job = v.parse(JobSchema, created.body)
    flipped = true
    await finish(job.id)
    await clock.advance(MINUTE)
    expect(hook.received).toEqual([])
    const { deliveries } = await (await call(`/v1/jobs/${job.id}/deliveries`)).json()
    expect(deliveries[0]).toMatchObject({ state: 'failed' })
    expect(deliveries[0].log[0]).toMatchObject({ error: 'refused', status: null })
    expect(deliveries[0].log[0].excerpt).toMatch(/resolves to 10\.0\.0\.7, a private/)
  })
})
