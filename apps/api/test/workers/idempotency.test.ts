import { abortAllDurableObjects, runInDurableObject } from 'cloudflare:test'
import { env, exports } from 'cloudflare:workers'
import { JobSchema } from '@darkroom/core'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'

interface NamespaceLike {
  idFromName(name: string): { toString(): string }
  get(id: { toString(): string }): unknown
}
const namespace = env.DARKROOM_JOBS as NamespaceLike

const txt2img = (prompt: string) => ({
  provider: 'speedpix',
  operation: 'txt2img',
  input: { prompt },
})
const aidge = {
  provider: 'aidge',
  operation: 'virtual-model',
  input: { imageUrl: 'https://example.com/a.png', model: 'WHITE' },
}

/** POST /v1/jobs through the demo Worker, under the demo key and `key`. */
function post(body: unknown, key: string): Promise<Response> {
  return exports.default.fetch(
    new Request('http://gateway.test/v1/jobs', {
      method: 'POST',
      headers: {
        authorization: 'Bearer demo',
        'content-type': 'application/json',
        'idempotency-key': key,
      },
      body: JSON.stringify(body),
    }),
  )
}

/** How many jobs the speedpix object stored under the demo key. */
const storedJobs = () =>
  runInDurableObject(namespace.get(namespace.idFromName('speedpix')), (_o, state) =>
    state.storage.sql.exec("SELECT count(*) AS n FROM jobs WHERE owner = 'demo'").toArray(),
  ).then((rows) => Number(rows[0]?.n))

describe('Idempotency-Key on the Workers gateway', () => {
  it('replays the same job, and refuses the key with another body or provider (422)', async () => {
    const before = await storedJobs()
    const first = await post(txt2img('a wren [[duration:600]]'), 'w-key-1')
    expect(first.status).toBe(202)
    const job = v.parse(JobSchema, await first.json())
    const again = await post(txt2img('a wren [[duration:600]]'), 'w-key-1')
    expect(again.status).toBe(200)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(again.headers.get('location')).toBe(first.headers.get('location'))
    expect(v.parse(JobSchema, await again.json()).id).toBe(job.id)
    for (const body of [txt2img('another'), aidge]) {
      const reused = await post(body, 'w-key-1')
      expect(reused.status).toBe(422)
      expect(await reused.json()).toMatchObject({ code: 'idempotency_key_reused' })
    }
    expect(await storedJobs()).toBe(before + 1)
    // No aidge object job was created for the key sent with the other provider.
    const aidgeRows = await runInDurableObject(
      namespace.get(namespace.idFromName('aidge')),
      (_o, state) =>
        state.storage.sql
          .exec("SELECT count(*) AS n FROM submit_claims WHERE key = 'w-key-1'")
          .toArray(),
    )
    expect(aidgeRows).toEqual([{ n: 0 }])
  })

  it('answers two concurrent requests through the Worker with one job (the object takes them in turn)', async () => {
    const before = await storedJobs()
    const answers = await Promise.all([
      post(txt2img('a finch [[duration:600]]'), 'w-key-2'),
      post(txt2img('a finch [[duration:600]]'), 'w-key-2'),
    ])
    // The demo's emulator does no I/O, so the object's input gate holds the second request until
    // the first is answered: a replay. A live provider's fetch opens the gate: then a 409 (next).
    expect(answers.map((a) => a.status).sort()).toEqual([200, 202])
    expect(await storedJobs()).toBe(before + 1)
  })

  it('refuses a repeat while the first is in flight in the object: in-flight, a 409', async () => {
    const stub = namespace.get(namespace.idFromName('speedpix'))
    const idempotency = { key: 'w-key-4', fingerprint: 'f-4' }
    const input = { prompt: 'a tern [[duration:600]]' }
    // Two calls in one event of the object: the second comes while the first awaits.
    const outcomes = await runInDurableObject(stub, (instance) => {
      const object = instance as { submitOnce: (...args: unknown[]) => Promise<unknown> }
      const call = () => object.submitOnce('speedpix', 'txt2img', input, 'demo', idempotency)
      return Promise.all([call(), call()])
    })
    expect(outcomes).toContainEqual(expect.objectContaining({ ok: true }))
    expect(outcomes).toContainEqual({
      ok: false,
      error: {
        kind: 'idempotency_conflict',
        reason: 'in-flight',
        message: expect.stringMatching(/Retry-After/),
      },
    })
  })

  it('recovers, in the object’s constructor, a job journaled but never inserted', async () => {
    const body = txt2img('a plover [[duration:600]]')
    const first = await post(body, 'w-key-5')
    const job = v.parse(JobSchema, await first.json())
    const stub = namespace.get(namespace.idFromName('speedpix'))
    // The crash, replayed in storage: the claim journaled (as it is), the job's row never written.
    await runInDurableObject(stub, (_o, state) => {
      const claims = state.storage.sql
        .exec("SELECT state, job_key FROM submit_claims WHERE key = 'w-key-5'")
        .toArray()
      expect(claims).toEqual([{ state: 'journaled', job_key: expect.any(String) }])
      state.storage.sql.exec('DELETE FROM jobs WHERE key = ?', claims[0]?.job_key)
    })
    await abortAllDurableObjects()
    // The object's constructor settles the claim before any call: the job is back, unasked.
    const fresh = namespace.get(namespace.idFromName('speedpix'))
    const rows = await runInDurableObject(fresh, (_o, state) =>
      state.storage.sql
        .exec('SELECT owner FROM jobs WHERE provider_job_id = ?', job.providerJobId)
        .toArray(),
    )
    expect(rows).toEqual([{ owner: 'demo' }])
    const again = await post(body, 'w-key-5')
    expect(again.status).toBe(200)
    expect(v.parse(JobSchema, await again.json()).id).toBe(job.id)
  })

  it('keeps a claim across an eviction of every object', async () => {
    const first = await post(txt2img('a swift [[duration:600]]'), 'w-key-3')
    expect(first.status).toBe(202)
    const job = v.parse(JobSchema, await first.json())
    await abortAllDurableObjects()
    const again = await post(txt2img('a swift [[duration:600]]'), 'w-key-3')
    expect(again.status).toBe(200)
    expect(v.parse(JobSchema, await again.json()).id).toBe(job.id)
    await abortAllDurableObjects()
    expect((await post(aidge, 'w-key-3')).status).toBe(422)
  })
})
