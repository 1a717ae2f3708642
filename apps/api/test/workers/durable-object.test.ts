import {
  abortAllDurableObjects,
  listDurableObjectIds,
  runDurableObjectAlarm,
  runInDurableObject,
} from 'cloudflare:test'
import { env, exports } from 'cloudflare:workers'
import { JobSchema } from '@darkroom/core'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'

const auth = { authorization: 'Bearer demo', 'content-type': 'application/json' }
const namespace = env.DARKROOM_JOBS as DurableObjectNamespaceLike

interface DurableObjectNamespaceLike {
  idFromName(name: string): { toString(): string }
  get(id: { toString(): string }): unknown
}

const speedpix = () => namespace.get(namespace.idFromName('speedpix'))

/** Settles `work`, firing the speedpix object's alarm whenever it waits for one. */
async function withAlarms<T>(work: Promise<T>): Promise<T> {
  let done = false
  const settled = work.finally(() => {
    done = true
  })
  settled.catch(() => undefined)
  for (let fired = 0; !done; fired++) {
    if (fired > 500) throw new Error('the work did not settle after 500 alarms')
    await new Promise((resolve) => setTimeout(resolve, 1))
    if (!done) await runDurableObjectAlarm(speedpix())
  }
  return settled
}

/** POST /v1/jobs of a speedpix text-to-image job through the demo Worker. */
function submit(input: unknown): Promise<Response> {
  return exports.default.fetch(
    new Request('http://gateway.test/v1/jobs', {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ provider: 'speedpix', operation: 'txt2img', input }),
    }),
  )
}

describe('the jobs Durable Object in workerd', () => {
  it('runs the whole job life through the object, its alarms fired by the test', async () => {
    const worker = exports.default
    const created = await submit({ prompt: 'a heron [[duration:30]]' })
    expect(created.status).toBe(202)
    const job = v.parse(JobSchema, await created.json())
    const events = await withAlarms(
      worker
        .fetch(new Request(`http://gateway.test/v1/jobs/${job.id}/events`, { headers: auth }))
        .then((r) => r.text()),
    )
    const last = events
      .split('\n\n')
      .filter((b) => b.includes('event: job'))
      .map((b) => {
        const data = b.split('\n').filter((l) => l.startsWith('data: '))
        return JSON.parse(data.map((l) => l.slice(6)).join('\n')) as { state: string }
      })
      .at(-1)
    expect(last?.state).toBe('succeeded')
    // One object for the provider, whatever the requests.
    const ids = await listDurableObjectIds(namespace)
    expect(ids.map(String)).toContain(namespace.idFromName('speedpix').toString())
    const read = await worker.fetch(
      new Request(`http://gateway.test/v1/jobs/${job.id}`, { headers: auth }),
    )
    expect(v.parse(JobSchema, await read.json()).state).toBe('succeeded')
    // The hub wrote the end back to the object's SQLite storage, nothing left to poll.
    const rows = await runInDurableObject(speedpix(), (_object, state) =>
      state.storage.sql.exec('SELECT state, terminal, next_poll_at FROM jobs').toArray(),
    )
    expect(rows).toContainEqual({ state: 'succeeded', terminal: 1, next_poll_at: null })
  })

  it('refuses, as a 400 naming the field, a bad input the object checked', async () => {
    const answer = await submit({ prompt: 42 })
    expect(answer.status).toBe(400)
    const problem = (await answer.json()) as { code: string; errors: { path: string }[] }
    expect(problem.code).toBe('invalid_input')
    expect(problem.errors.map((e) => e.path)).toContain('prompt')
  })

  it('finishes a job after the object restarts, from its storage alone', async () => {
    const created = await submit({ prompt: 'a gull [[duration:30]]' })
    expect(created.status).toBe(202)
    const job = v.parse(JobSchema, await created.json())
    expect(job.state).not.toBe('succeeded')
    // An eviction: every instance is dropped, storage kept. No request reaches the object
    // again; its alarm alone starts it, and it resumes the job from its SQLite storage.
    await abortAllDurableObjects()
    let alarms = 0
    while (await runDurableObjectAlarm(speedpix())) {
      if (++alarms > 500) throw new Error('the object was still polling after 500 alarms')
      await new Promise((resolve) => setTimeout(resolve, 1))
    }
    expect(alarms).toBeGreaterThan(0)
    const rows = await runInDurableObject(speedpix(), (_object, state) =>
      state.storage.sql
        .exec('SELECT state, terminal FROM jobs WHERE provider_job_id = ?', job.providerJobId)
        .toArray(),
    )
    expect(rows).toEqual([{ state: 'succeeded', terminal: 1 }])
    // Read back through the Worker after one more restart: the stored end, asked of nobody.
    await abortAllDurableObjects()
    const read = await exports.default.fetch(
      new Request(`http://gateway.test/v1/jobs/${job.id}`, { headers: auth }),
    )
    expect(v.parse(JobSchema, await read.json()).state).toBe('succeeded')
  })
})
