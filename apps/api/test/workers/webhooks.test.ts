import { abortAllDurableObjects, runDurableObjectAlarm } from 'cloudflare:test'
import { env, exports } from 'cloudflare:workers'
import { JobSchema } from '@darkroom/core'
import { signWebhook } from '@darkroom/core/webhooks'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'

const auth = { authorization: 'Bearer demo', 'content-type': 'application/json' }
const DEMO_SECRET = 'whsec_ZGFya3Jvb20gZGVtbyB3ZWJob29rIHNlY3JldCAzMmI='

interface DurableObjectNamespaceLike {
  idFromName(name: string): { toString(): string }
  get(id: { toString(): string }): unknown
}
interface Received {
  path: string
  headers: Record<string, string>
  body: string
}

const namespace = env.DARKROOM_JOBS as DurableObjectNamespaceLike
const speedpix = () => namespace.get(namespace.idFromName('speedpix'))
const receiver = env.DARKROOM_WEBHOOK_OUTBOUND as { fetch(request: Request): Promise<Response> }
const received = async () =>
  (await (
    await receiver.fetch(new Request('http://receiver.test/__received'))
  ).json()) as Received[]

const reset = (failing: number) =>
  receiver.fetch(new Request(`http://receiver.test/__reset?failing=${failing}`, { method: 'POST' }))

/** Fires the speedpix object's alarm until the receiver holds `count` deliveries. */
async function alarmsUntil(count: number): Promise<Received[]> {
  for (let fired = 0; (await received()).length < count; fired++) {
    if (fired > 500) throw new Error(`fewer than ${count} deliveries after 500 alarms`)
    await runDurableObjectAlarm(speedpix())
    await new Promise((resolve) => setTimeout(resolve, 1))
  }
  return received()
}

/** POST /v1/jobs of a speedpix job with a webhook, through the demo Worker. */
async function submitWithWebhook(prompt: string) {
  const created = await exports.default.fetch(
    new Request('http://gateway.test/v1/jobs', {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        provider: 'speedpix',
        operation: 'txt2img',
        input: { prompt },
        webhook: { url: 'http://localhost:8787/hook' },
      }),
    }),
  )
  expect(created.status).toBe(202)
  return v.parse(JobSchema, await created.json())
}

describe('webhooks from the jobs Durable Object in workerd', () => {
  it('resumes a pending delivery after the object is evicted, the same webhook-id', async () => {
    await reset(1)
    await submitWithWebhook('a tern [[duration:10]]')
    const [first] = await alarmsUntil(1)
    // Evicted with the retry pending: only the alarm starts the object again.
    await abortAllDurableObjects()
    const got = await alarmsUntil(2)
    expect(got[1]?.headers['webhook-id']).toBe(first?.headers['webhook-id'])
    await reset(3)
  })

  it('delivers to a receiver failing three times, driven by the alarm, the same webhook-id each time', async () => {
    await reset(3)
    const job = await submitWithWebhook('a kingfisher [[duration:20]]')
    // The job's polls and the deliveries' retries (5 s, 5 min, 30 min) all wait on the alarm.
    const got = await alarmsUntil(4)
    expect(got.length).toBe(4)
    const ids = new Set(got.map((r) => r.headers['webhook-id']))
    expect(ids.size).toBe(1)
    for (const r of got) {
      const expected = await signWebhook({
        id: r.headers['webhook-id'] as string,
        timestamp: Number(r.headers['webhook-timestamp']),
        body: r.body,
        secret: DEMO_SECRET,
      })
      expect(r.headers['webhook-signature']).toBe(expected['webhook-signature'])
      expect(JSON.parse(r.body)).toMatchObject({
        type: 'job.succeeded',
        data: { providerJobId: job.providerJobId, state: 'succeeded' },
      })
    }
    // The attempts are kept in the object's storage, readable through the Worker.
    const read = await exports.default.fetch(
      new Request(`http://gateway.test/v1/jobs/${job.id}/deliveries`, { headers: auth }),
    )
    const { deliveries } = (await read.json()) as {
      deliveries: { id: string; state: string; log: { status: number | null }[] }[]
    }
    expect(deliveries[0]?.id).toBe([...ids][0])
    expect(deliveries[0]?.log.map((a) => a.status)).toEqual([503, 503, 503, 204])
    expect(deliveries[0]?.state).toBe('delivered')
  })
})
