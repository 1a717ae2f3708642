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

interface IsolateAnswer<T> {
  isolate: string
  outcome: { ok: true; value: T }
}
interface Fetcher {
  fetch(request: Request): Promise<Response>
}

/** Calls an auxiliary Worker (its own isolate) of the workers project. */
async function viaIsolate<T>(name: 'ISOLATE_A' | 'ISOLATE_B', path: string, body?: unknown) {
  const worker = env[name] as Fetcher
  const init = body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) }
  const answer = await worker.fetch(new Request(`http://isolate.test${path}`, init))
  return (await answer.json()) as IsolateAnswer<T>
}

describe('two isolates, one provider budget', () => {
  it('polls jobs from two Workers within the one object’s token bucket', async () => {
    type Metrics = {
      budget: { provider: string; requestsPerSecond: number | null; spent: number }[]
      upstream: { provider: string; call: string; count: number }[]
    }
    const before = await viaIsolate<Metrics>('ISOLATE_A', '/metrics')
    const spentBefore = before.outcome.value.budget[0]?.spent ?? 0
    const a = await viaIsolate<{ providerJobId: string }>('ISOLATE_A', '/submit', {
      prompt: 'a kite [[duration:20]]',
    })
    const b = await viaIsolate<{ providerJobId: string }>('ISOLATE_B', '/submit', {
      prompt: 'a crane [[duration:20]]',
    })
    expect(a.isolate).not.toBe(b.isolate)
    expect(a.outcome.ok && b.outcome.ok).toBe(true)
    let alarms = 0
    while (await runDurableObjectAlarm(speedpix())) {
      if (++alarms > 500) throw new Error('the object was still polling after 500 alarms')
      await new Promise((resolve) => setTimeout(resolve, 1))
    }
    // Both isolates' jobs are in the one object's storage, finished by its one scheduler.
    const rows = await runInDurableObject(speedpix(), (_object, state) =>
      state.storage.sql
        .exec(
          'SELECT state FROM jobs WHERE provider_job_id IN (?, ?)',
          a.outcome.value.providerJobId,
          b.outcome.value.providerJobId,
        )
        .toArray(),
    )
    expect(rows).toEqual([{ state: 'succeeded' }, { state: 'succeeded' }])
    // Read from the other isolate: the same object, one bucket for both Workers' jobs.
    const after = (await viaIsolate<Metrics>('ISOLATE_B', '/metrics')).outcome.value
    expect(after.budget).toEqual([
      { provider: 'speedpix', requestsPerSecond: 10, spent: expect.any(Number) },
    ])
    const spent = (after.budget[0]?.spent ?? 0) - spentBefore
    // Both jobs were polled to their end from that one bucket: at least one status request each.
    expect(spent).toBeGreaterThanOrEqual(2)
    const status = after.upstream
      .filter((row) => row.call === 'status')
      .reduce((sum, row) => sum + row.count, 0)
    expect(after.budget[0]?.spent).toBe(status)
  })
})
