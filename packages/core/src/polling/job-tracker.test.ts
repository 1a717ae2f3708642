import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../clock/virtual-clock.js'
import { createScriptedAdapter, handleOf } from '../testing/index.js'
import { DurationLearner } from './duration-learner.js'
import { JobTracker } from './job-tracker.js'

describe('JobTracker', () => {
  it('never exceeds its request budget in any window, and still finishes every job', async () => {
    const clock = new VirtualClock()
    const adapter = createScriptedAdapter(clock)
    const rate = 5
    const tracker = new JobTracker({
      adapters: [adapter],
      clock,
      learner: new DurationLearner(),
      requestsPerSecond: rate,
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
    for (const windowMs of [100, 1000, 10_000]) {
      const allowed = 1 + (rate * windowMs) / 1000
      for (let i = 0, j = 0; i < times.length; i++) {
        while ((times[i] as number) - (times[j] as number) >= windowMs) j++
        expect(i - j + 1).toBeLessThanOrEqual(allowed)
      }
    }
  })

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
})
