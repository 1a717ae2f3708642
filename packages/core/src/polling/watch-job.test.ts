import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../clock/virtual-clock.js'
import {
  DarkroomAbortError,
  DarkroomError,
  DarkroomTimeoutError,
  NetworkError,
  ProviderApiError,
} from '../errors/index.js'
import type { Job } from '../model/job.js'
import { createScriptedAdapter, handleOf, type ScriptedJob } from '../testing/index.js'
import { DurationLearner } from './duration-learner.js'
import { waitForJob, watchJob } from './watch-job.js'

async function setup(script: ScriptedJob) {
  const clock = new VirtualClock()
  const adapter = createScriptedAdapter(clock)
  const initial = await adapter.submit('render', script)
  return { clock, adapter, initial, handle: handleOf(initial), learner: new DurationLearner() }
}

async function collect(iterable: AsyncIterable<Job>): Promise<Job[]> {
  const seen: Job[] = []
  for await (const job of iterable) seen.push(job)
  return seen
}

describe('watchJob', () => {
  it('yields only snapshots that changed, ending at the terminal one', async () => {
    const { clock, adapter, initial, handle, learner } = await setup({
      queueMs: 5000,
      runMs: 10_000,
    })
    const seen = await clock.run(
      collect(watchJob(adapter, handle, { clock, learner, initial, maxLagMs: 500 })),
    )
    expect(seen.map((j) => j.providerStatus)).toEqual(['WAITING', 'RUNNING', 'DONE'])
    expect(adapter.statusCalls.length).toBeGreaterThan(seen.length)
    for (let i = 1; i < seen.length; i++) expect(seen[i]).not.toEqual(seen[i - 1])
    expect(seen.at(-1)?.state).toBe('succeeded')
  })

  it('never lets progress go backwards', async () => {
    const { clock, adapter, initial, handle, learner } = await setup({
      queueMs: 0,
      runMs: 20_000,
      progressScript: [0.1, 0.4, 0.2, 0.5, 0.3, 0.6, 0.6, 0.9],
    })
    const seen = await clock.run(
      collect(watchJob(adapter, handle, { clock, learner, initial, maxLagMs: 2000 })),
    )
    const progress = seen.map((j) => j.progress ?? 0)
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1] as number)
    expect(progress).toContain(0.4)
    expect(seen.at(-1)?.progress).toBe(1)
  })

  it('ends with a timeout error carrying the last snapshot at the whole-job deadline', async () => {
    const { clock, adapter, initial, handle, learner } = await setup({
      queueMs: 1000,
      runMs: 600_000,
      progress: true,
    })
    const started = clock.now()
    const error = await clock
      .run(waitForJob(adapter, handle, { clock, learner, initial, timeoutMs: 60_000 }))
      .catch((e) => e)
    expect(DarkroomTimeoutError.isInstance(error)).toBe(true)
    expect(error.code).toBe('timeout')
    expect(error.lastSnapshot?.state).toBe('running')
    expect(error.lastSnapshot?.providerJobId).toBe(handle.providerJobId)
    expect(clock.now() - started).toBeLessThanOrEqual(60_000)
  })

  it('ends at once when aborted, mid-sleep, without another poll', async () => {
    const { clock, adapter, initial, handle, learner } = await setup({ queueMs: 0, runMs: 600_000 })
    const controller = new AbortController()
    const watch = waitForJob(adapter, handle, {
      clock,
      learner,
      initial,
      signal: controller.signal,
      maxIntervalMs: 30_000,
    })
    const outcome = watch.catch((e) => e)
    await clock.advance(5_000)
    const callsBefore = adapter.statusCalls.length
    const abortedAt = clock.now()
    controller.abort()
    const error = await outcome
    expect(DarkroomAbortError.isInstance(error)).toBe(true)
    expect(clock.now()).toBe(abortedAt)
    expect(adapter.statusCalls.length).toBe(callsBefore)
  })

  it('waits out transient errors and Retry-After without failing the job or submitting again', async () => {
    const rateLimited = () =>
      new ProviderApiError('slow down', {
        provider: 'speedpix',
        call: 'status',
        code: 'rate_limited',
        status: 429,
        providerCode: null,
        retryable: true,
        retryAfterMs: 7000,
      })
    const { clock, adapter, initial, handle, learner } = await setup({
      queueMs: 0,
      runMs: 30_000,
      errors: [
        {
          fromMs: 2000,
          toMs: 9000,
          error: () =>
            new NetworkError('connection reset', { provider: 'speedpix', call: 'status' }),
        },
        { fromMs: 12_000, toMs: 20_000, error: rateLimited },
      ],
    })
    const final = await clock.run(
      waitForJob(adapter, handle, { clock, learner, initial, maxLagMs: 1000 }),
    )
    expect(final.state).toBe('succeeded')
    expect(adapter.submits).toBe(1)
    const calls = adapter.statusCalls
    const network = calls.filter((c) => c.error === 'NetworkError')
    expect(network.length).toBeGreaterThanOrEqual(2)
    // Backoff: the gaps between failing calls grow instead of hammering every maxLag.
    const gaps = network.slice(1).map((c, i) => c.at - (network[i] as { at: number }).at)
    expect(Math.max(...gaps)).toBeGreaterThan(1000)
    const limited = calls.findIndex((c) => c.error === 'ProviderApiError')
    expect(limited).toBeGreaterThan(0)
    const next = calls[limited + 1]
    expect(next).toBeDefined()
    expect(
      (next as { at: number }).at - (calls[limited] as { at: number }).at,
    ).toBeGreaterThanOrEqual(7000)
  })

  it('waits out the Retry-After of any retryable Darkroom error, not only a ProviderApiError', async () => {
    // What a remote client's adapter throws: its gateway's error, with the gateway's Retry-After.
    const busy = () =>
      new DarkroomError('gateway busy', {
        code: 'rate_limited',
        retryable: true,
        retryAfterMs: 9000,
      })
    const { clock, adapter, initial, handle, learner } = await setup({
      queueMs: 0,
      runMs: 30_000,
      errors: [{ fromMs: 2000, toMs: 2500, error: busy }],
    })
    const final = await clock.run(
      waitForJob(adapter, handle, { clock, learner, initial, maxLagMs: 1000 }),
    )
    expect(final.state).toBe('succeeded')
    const calls = adapter.statusCalls
    const limited = calls.findIndex((c) => c.error === 'DarkroomError')
    expect(limited).toBeGreaterThan(0)
    const gap = (calls[limited + 1] as { at: number }).at - (calls[limited] as { at: number }).at
    expect(gap).toBeGreaterThanOrEqual(9000)
  })

  it('surfaces an unknown status word as an unrecognized-status warning, and the deadline still applies', async () => {
    const { clock, adapter, initial, handle, learner } = await setup({
      queueMs: 0,
      runMs: 1e9,
      runningWord: 'WARMING_UP',
    })
    const seen: Job[] = []
    const error = await clock
      .run(
        waitForJob(adapter, handle, {
          clock,
          learner,
          initial,
          timeoutMs: 120_000,
          onUpdate: (j) => seen.push(j),
        }),
      )
      .catch((e) => e)
    const odd = seen.find((j) => j.providerStatus === 'WARMING_UP')
    expect(odd?.state).toBe('running')
    expect(odd?.warnings).toContain('unrecognized-status:WARMING_UP')
    expect(DarkroomTimeoutError.isInstance(error)).toBe(true)
  })

  it('ends the watch on a non-retryable error (bad credentials) instead of polling forever', async () => {
    const { clock, adapter, initial, handle, learner } = await setup({
      queueMs: 0,
      runMs: 60_000,
      errors: [
        {
          fromMs: 1,
          toMs: 1e9,
          error: () =>
            new ProviderApiError('bad key', {
              provider: 'speedpix',
              call: 'status',
              code: 'unauthorized',
              status: 403,
              providerCode: null,
              retryable: false,
            }),
        },
      ],
    })
    const error = await clock
      .run(waitForJob(adapter, handle, { clock, learner, initial }))
      .catch((e) => e)
    expect(ProviderApiError.isInstance(error) && error.code).toBe('unauthorized')
  })

  it('spends fewer polls on a job whose provider gives an ETA than on one without', async () => {
    const clock = new VirtualClock()
    const adapter = createScriptedAdapter(clock, { timing: { minMs: 0, typicalMs: 10_000 } })
    const learner = new DurationLearner()
    const withEta = await adapter.submit('render', { queueMs: 10_000, runMs: 50_000, eta: 1.1 })
    const without = await adapter.submit('render', { queueMs: 10_000, runMs: 50_000 })
    const options = { clock, learner, maxLagMs: 1000 }
    const [a, b] = await clock.run(
      Promise.all([
        waitForJob(adapter, handleOf(withEta), { ...options, initial: withEta }),
        waitForJob(adapter, handleOf(without), { ...options, initial: without }),
      ]),
    )
    expect(a.state).toBe('succeeded')
    expect(b.state).toBe('succeeded')
    const etaPolls = adapter.callsFor(withEta.providerJobId)
    const blindPolls = adapter.callsFor(without.providerJobId)
    expect(etaPolls * 3).toBeLessThan(blindPolls)
  })

  it('learns durations: the second batch of a known operation costs fewer polls with the same lag bound', async () => {
    const clock = new VirtualClock()
    const adapter = createScriptedAdapter(clock, { timing: { minMs: 0, typicalMs: 1000 } })
    const learner = new DurationLearner()
    async function batch(): Promise<{ polls: number; lags: number[] }> {
      const jobs = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          adapter.submit('render', { queueMs: 2000, runMs: 20_000 + i * 500 }),
        ),
      )
      const before = adapter.statusCalls.length
      const lags: number[] = []
      await clock.run(
        Promise.all(
          jobs.map(async (job, i) => {
            const submittedAt = clock.now()
            await waitForJob(adapter, handleOf(job), {
              clock,
              learner,
              initial: job,
              submittedAt,
              maxLagMs: 1000,
            })
            lags.push(clock.now() - (submittedAt + 22_000 + i * 500))
          }),
        ),
      )
      return { polls: adapter.statusCalls.length - before, lags }
    }
    const first = await batch()
    const second = await batch()
    expect(second.polls).toBeLessThan(first.polls / 2)
    // The bound is a quantile one (learned from samples that are only known to within a poll
    // gap): all but the fastest job within maxLag, and none far past it.
    const sorted = [...second.lags].sort((a, b) => a - b)
    expect(sorted.at(-2)).toBeLessThanOrEqual(1000)
    expect(sorted.at(-1)).toBeLessThanOrEqual(1500)
  })
})
