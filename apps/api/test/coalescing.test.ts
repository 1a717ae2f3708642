import { join } from 'node:path'
import { DurationLearner, JobHub, JobTracker, VirtualClock } from '@darkroom/core'
import { openSqliteStore } from '@darkroom/store'
import { afterEach, describe, expect, it } from 'vitest'
import { createApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { hubJobs } from '../src/jobs/hub-jobs.js'
import { generatedOpenApi } from '../src/openapi/build.js'
import { tempDataDir } from './child-gateway.js'
import { readSse, submitTxt2img, TOKEN_SECRET } from './helpers.js'
import { countedSpeedpix } from './jobs-subject.js'
import { parseExposition, sum } from './prometheus-text.js'

const METRICS_KEY = 'metrics-key-0123456789abcdef'

/** The gateway app as the Node entry wires it (one tracker, a SQLite store), on virtual time. */
async function durableGateway(cleanup: (() => unknown)[]) {
  const clock = new VirtualClock()
  const data = tempDataDir()
  const store = await openSqliteStore(join(data.dir, 'gateway.sqlite'), { exclusive: true })
  const { adapters, tally, statusCalls } = countedSpeedpix(clock)
  const tracker = new JobTracker({
    adapters: Object.values(adapters),
    clock,
    learner: new DurationLearner(),
    random: () => 0.5,
  })
  const jobs = hubJobs({ adapters, hub: new JobHub({ tracker, store, clock }), tracker, tally })
  cleanup.push(async () => {
    await jobs.close()
    await store.close()
    data.remove()
  })
  const app = createApp({
    config: loadConfig({
      DARKROOM_DEMO: '1',
      DARKROOM_TOKEN_SECRET: TOKEN_SECRET,
      DARKROOM_METRICS_KEY: METRICS_KEY,
    }),
    adapters,
    jobs,
    clock,
    log: () => undefined,
    openApi: generatedOpenApi(adapters),
  })
  const request = (path: string, key = 'demo', init: RequestInit = {}) =>
    Promise.resolve(
      app.request(`http://gateway.test${path}`, {
        ...init,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      }),
    )
  const metrics = async () => parseExposition(await (await request('/metrics', METRICS_KEY)).text())
  return { clock, request, metrics, statusRequests: statusCalls }
}

describe('event streams of one job through the durable gateway', () => {
  const cleanup: (() => unknown)[] = []
  afterEach(async () => {
    for (const step of cleanup.splice(0)) await step()
  })

  /** Submits one job, follows it with `streams` event streams to the end; what it cost. */
  async function spent(streams: number) {
    const gw = await durableGateway(cleanup)
    const call = (path: string, init?: RequestInit) => gw.clock.run(gw.request(path, 'demo', init))
    const job = await submitTxt2img(call, 'a lighthouse [[duration:30]]')
    let watching = 0
    const ends = await gw.clock.run(
      Promise.all(
        Array.from({ length: streams }, async () => {
          const response = await gw.request(`/v1/jobs/${job.id}/events`)
          watching = Math.max(
            watching,
            sum(await gw.metrics(), 'darkroom_watchers', { provider: 'speedpix' }),
          )
          return readSse(response)
        }),
      ),
    )
    for (const { events } of ends)
      expect(JSON.parse(events.at(-1)?.data ?? '{}')).toMatchObject({ state: 'succeeded' })
    const metrics = await gw.metrics()
    return {
      fetched: gw.statusRequests(),
      budget: sum(metrics, 'darkroom_budget_spent_total', { provider: 'speedpix' }),
      upstream: sum(metrics, 'darkroom_upstream_requests_total', {
        provider: 'speedpix',
        call: 'status',
      }),
      watching,
    }
  }

  it('cost the same upstream status requests for ten streams as for one, as /metrics shows', async () => {
    const one = await spent(1)
    const ten = await spent(10)
    expect(one.fetched).toBeGreaterThan(0)
    expect(ten.fetched).toBe(one.fetched)
    // /metrics agrees with the counting fetch: the budget spent is one per status call.
    expect(one.budget).toBe(one.fetched)
    expect(ten.budget).toBe(one.budget)
    expect(ten.upstream).toBe(one.upstream)
    expect(ten.watching).toBeGreaterThan(1)
  })
})
