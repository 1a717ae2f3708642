import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../clock/virtual-clock.js'
import { createScriptedAdapter, handleOf } from '../testing/index.js'
import { DurationLearner } from './duration-learner.js'
import { JobTracker } from './job-tracker.js'
import type { JobTrackerOptions } from './tracker-options.js'

/** A tracker polling only at planned times, and `n` hint-less jobs that run for an hour. */
async function backlog(n: number, options: Partial<JobTrackerOptions>) {
  const clock = new VirtualClock()
  const adapter = createScriptedAdapter(clock)
  const tracker = new JobTracker({
    adapters: [adapter],
    clock,
    learner: new DurationLearner(),
    useIdleBudget: false,
    ...options,
  })
  const jobs = await Promise.all(
    Array.from({ length: n }, () => adapter.submit('render', { queueMs: 0, runMs: 3_600_000 })),
  )
  return { clock, adapter, tracker, jobs }
}

describe('JobTracker', () => {
  it.each([
    { burst: 1, saved: 1 },
    { burst: undefined, saved: 3 },
  ])(
    'never exceeds its request budget in any window (burst $burst), and still finishes every job',
    async ({ burst, saved }) => {
      const clock = new VirtualClock()
      const adapter = createScriptedAdapter(clock)
      const rate = 5
      const tracker = new JobTracker({
        adapters: [adapter],
        clock,
        learner: new DurationLearner(),
        requestsPerSecond: rate,
        burst,
        maxLagMs: 250,
      })
      const jobs = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          adapter.submit('render', {
            queueMs: 1000 * (i % 5),
            runMs: 3000 + 700 * i,
            progress: i % 2 === 0,
          }),
        ),
      )
      const results = await clock.run(Promise.all(jobs.map((job) => tracker.add(handleOf(job)))))
      expect(results.every((job) => job.state === 'succeeded')).toBe(true)
      const times = adapter.statusCalls.map((c) => c.at).sort((a, b) => a - b)
      expect(times.length).toBeGreaterThan(40)
      // The bucket's guarantee: at most `burst` saved up plus the rate over any window.
      for (const windowMs of [100, 1000, 10_000]) {
        const allowed = saved + (rate * windowMs) / 1000
        for (let i = 0, j = 0; i < times.length; i++) {
          while ((times[i] as number) - (times[j] as number) >= windowMs) j++
          expect(i - j + 1).toBeLessThanOrEqual(allowed)
        }
      }
    },
  )

  it('keeps one poll in flight per job and respects the concurrency cap', async () => {
    const clock = new VirtualClock()
    const base = createScriptedAdapter(clock)
    let inFlight = 0
    let maxInFlight = 0
    const perJob = new Map<string, number>()
    let maxPerJob = 0
    const slow = {
      ...base,
      async status(handle: Parameters<typeof base.status>[0]) {
        inFlight += 1
        perJob.set(handle.providerJobId, (perJob.get(handle.providerJobId) ?? 0) + 1)
        maxInFlight = Math.max(maxInFlight, inFlight)
        maxPerJob = Math.max(maxPerJob, perJob.get(handle.providerJobId) as number)
        try {
          await clock.sleep(3000) // answers slower than the poll interval
          return await base.status(handle)
        } finally {
          inFlight -= 1
          perJob.set(handle.providerJobId, (perJob.get(handle.providerJobId) as number) - 1)
        }
      },
    }
    const tracker = new JobTracker({
      adapters: [slow],
      clock,
      requestsPerSecond: 100,
      concurrency: 3,
      maxLagMs: 250,
      minIntervalMs: 100,
      learner: new DurationLearner(),
    })
    const jobs = await Promise.all(
      Array.from({ length: 10 }, () => base.submit('render', { queueMs: 0, runMs: 10_000 })),
    )
    await clock.run(Promise.all(jobs.map((job) => tracker.add(handleOf(job)))))
    expect(maxInFlight).toBe(3)
    expect(maxPerJob).toBe(1)
  })

  it('polls first the job most likely to be done when the budget is short', async () => {
    const clock = new VirtualClock()
    const adapter = createScriptedAdapter(clock)
    const tracker = new JobTracker({
      adapters: [adapter],
      clock,
      requestsPerSecond: 1 / 60,
      learner: new DurationLearner(),
    })
    const late = await adapter.submit('render', { queueMs: 0, runMs: 30_000, eta: true })
    const soon = await adapter.submit('render', { queueMs: 0, runMs: 10_000, eta: true })
    const order: string[] = []
    tracker.subscribe((event) => {
      if (event.type === 'done') order.push(event.job.providerJobId)
    })
    await clock.run(
      Promise.all([
        tracker.add(handleOf(late), { initial: late }),
        tracker.add(handleOf(soon), { initial: soon }),
      ]),
    )
    expect(order).toEqual([soon.providerJobId, late.providerJobId])
  })

  it('rejects a job for a provider it has no adapter for, with a message saying what to do', async () => {
    const clock = new VirtualClock()
    const tracker = new JobTracker({ adapters: [createScriptedAdapter(clock)], clock })
    await expect(
      tracker.add({ provider: 'aidge', operation: 'virtual-model', providerJobId: 'x' }),
    ).rejects.toThrow(/no adapter for provider "aidge"/)
  })

  it('never polls a job before it is due, and with more due than the budget allows polls the longest due first', async () => {
    // No hints and no submit time: every job wants a poll each maxLag (1 s), 12 a second in
    // all, three times the budget.
    const { clock, adapter, tracker, jobs } = await backlog(12, {
      requestsPerSecond: 4,
      maxLagWidening: 1,
    })
    const order = new Map(jobs.map((job, i) => [job.providerJobId, i]))
    const addedAt = clock.now()
    for (const job of jobs) tracker.add(handleOf(job)).catch(() => undefined)
    await clock.run(clock.sleep(60_000))
    tracker.close()
    const calls = adapter.statusCalls
    expect(calls.length).toBeGreaterThan(200)
    const dueAt = new Map(jobs.map((job) => [job.providerJobId, addedAt]))
    for (const call of calls) {
      const due = dueAt.get(call.id) as number
      expect(call.at).toBeGreaterThanOrEqual(due)
      // Among the jobs due by now, none was due before the one polled (ties: the older job).
      for (const [id, other] of dueAt) {
        if (id === call.id || other > call.at) continue
        const first =
          other < due ||
          (other === due && (order.get(id) as number) < (order.get(call.id) as number))
        expect(first, `${id} was due at ${other}, before ${call.id} (due ${due})`).toBe(false)
      }
      dueAt.set(call.id, call.at + 1000)
    }
  })

  it('holds 10 000 jobs all due and spends its whole budget, each poll costing a logarithm', async () => {
    const clock = new VirtualClock()
    const adapter = createScriptedAdapter(clock)
    const tracker = new JobTracker({ adapters: [adapter], clock, requestsPerSecond: 100 })
    const jobs = await Promise.all(
      Array.from({ length: 10_000 }, () =>
        adapter.submit('render', { queueMs: 0, runMs: 3_600_000 }),
      ),
    )
    const started = performance.now()
    for (const job of jobs) tracker.add(handleOf(job)).catch(() => undefined)
    await clock.run(clock.sleep(10_000))
    tracker.close()
    // 100 a second for 10 s, plus the three the bucket starts with.
    expect(adapter.statusCalls.length).toBeGreaterThanOrEqual(1000)
    expect(adapter.statusCalls.length).toBeLessThanOrEqual(1003)
    // A rescan of 10 000 jobs per poll would take seconds here.
    expect(performance.now() - started).toBeLessThan(5000)
  })

  it('spends an idle token on a first look at the earliest end, not one maxLag after it', async () => {
    const firstLook = async (useIdleBudget: boolean) => {
      const clock = new VirtualClock()
      const adapter = createScriptedAdapter(clock)
      const learner = new DurationLearner()
      // Learned: these jobs take 10–30 s, so nothing can be known for the first 10 s or so.
      for (let i = 0; i < 50; i++) {
        const ms = 10_000 + 400 * i
        learner.record('speedpix:render', { total: { after: ms - 1000, by: ms } })
      }
      const tracker = new JobTracker({ adapters: [adapter], clock, learner, useIdleBudget })
      const job = await adapter.submit('render', { queueMs: 0, runMs: 20_000 })
      const submittedAt = clock.now()
      await clock.run(tracker.add(handleOf(job), { initial: job, submittedAt }))
      return (adapter.statusCalls[0]?.at as number) - submittedAt
    }
    const planned = await firstLook(false)
    const idle = await firstLook(true)
    expect(planned - idle).toBe(1000)
    expect(idle).toBeGreaterThan(8000)
  })

  it('under sustained overload widens the gaps (bounded), so a first look is not held up behind them', async () => {
    const firstLookWait = async (maxLagWidening: number) => {
      // 80 jobs that want a poll a second: four times the budget, for good.
      const { clock, adapter, tracker, jobs } = await backlog(80, {
        requestsPerSecond: 20,
        maxLagWidening,
      })
      for (const job of jobs) tracker.add(handleOf(job)).catch(() => undefined)
      await clock.run(clock.sleep(60_000))
      // A job whose ETA says nothing can happen for 15 s: its first look is due at 16 s.
      const eta = await adapter.submit('render', { queueMs: 0, runMs: 20_000, eta: true })
      const addedAt = clock.now()
      tracker.add(handleOf(eta), { initial: eta }).catch(() => undefined)
      await clock.run(clock.sleep(30_000))
      tracker.close()
      const gaps = new Map<string, number[]>()
      const last = new Map<string, number>()
      for (const call of adapter.statusCalls.filter((c) => c.at > addedAt - 30_000)) {
        const before = last.get(call.id)
        if (before !== undefined)
          gaps.set(call.id, [...(gaps.get(call.id) ?? []), call.at - before])
        last.set(call.id, call.at)
      }
      const backlogGaps = jobs.flatMap((job) => gaps.get(job.providerJobId) ?? [])
      const look = adapter.statusCalls.find((c) => c.id === eta.providerJobId)?.at as number
      return { wait: look - (addedAt + 0.75 * 20_000 + 1000), maxGap: Math.max(...backlogGaps) }
    }
    const queued = await firstLookWait(1)
    const widened = await firstLookWait(3)
    expect(queued.wait).toBeGreaterThan(2000)
    expect(widened.wait).toBeLessThan(queued.wait)
    // Bounded: a gap is at most three times maxLag plus the wait for the budget.
    expect(widened.maxGap).toBeLessThan(3000 + widened.wait + 1000)
  })
})
