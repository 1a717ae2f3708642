import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../clock/virtual-clock.js'
import { DarkroomAbortError, DarkroomTimeoutError, ProviderApiError } from '../errors/index.js'
import { encodeHandle, type JobHandle } from '../model/handle.js'
import type { Job } from '../model/job.js'
import { createScriptedAdapter, handleOf, type ScriptedJob } from '../testing/index.js'
import { DurationLearner } from './duration-learner.js'
import { JobTracker } from './job-tracker.js'
import type { JobTrackerOptions } from './tracker-options.js'

async function setup(script: ScriptedJob, options: Partial<JobTrackerOptions> = {}) {
  const clock = new VirtualClock()
  const adapter = createScriptedAdapter(clock)
  const tracker = new JobTracker({
    adapters: [adapter],
    clock,
    learner: new DurationLearner(),
    ...options,
  })
  const initial = await adapter.submit('render', script)
  return { clock, adapter, tracker, initial, handle: handleOf(initial) }
}

async function collect(iterable: AsyncIterable<Job>): Promise<Job[]> {
  const seen: Job[] = []
  for await (const job of iterable) seen.push(job)
  return seen
}

const unauthorized = () =>
  new ProviderApiError('bad key', {
    provider: 'speedpix',
    call: 'status',
    code: 'unauthorized',
    status: 403,
    providerCode: null,
    retryable: false,
  })

describe('JobTracker.watch', () => {
  it('serves ten watchers of one job with the requests of one', async () => {
    const run = async (watchers: number) => {
      const { clock, adapter, tracker, handle } = await setup({ queueMs: 3000, runMs: 20_000 })
      const seen = await clock.run(
        Promise.all(Array.from({ length: watchers }, () => collect(tracker.watch(handle)))),
      )
      return { calls: adapter.statusCalls.length, seen, size: tracker.size }
    }
    const one = await run(1)
    const ten = await run(10)
    expect(one.calls).toBeGreaterThan(5)
    expect(ten.calls).toBe(one.calls)
    for (const seen of ten.seen) expect(seen).toEqual(one.seen[0])
    expect(ten.seen[0]?.at(-1)?.state).toBe('succeeded')
    expect(ten.size).toBe(0)
  })

  it('gives each watcher its own deadline and signal, leaving the others undisturbed', async () => {
    const { clock, tracker, handle, initial } = await setup({ queueMs: 0, runMs: 60_000 })
    const controller = new AbortController()
    const aborted = collect(tracker.watch(handle, { signal: controller.signal, initial })).catch(
      (e) => e,
    )
    const short = collect(tracker.watch(handle, { timeoutMs: 10_000 })).catch((e) => e)
    const long = collect(tracker.watch(handle, { timeoutMs: 120_000 }))
    await clock.advance(5000)
    controller.abort()
    const abortError = await aborted
    expect(DarkroomAbortError.isInstance(abortError)).toBe(true)
    await clock.advance(5000)
    const timeout = await short
    expect(DarkroomTimeoutError.isInstance(timeout)).toBe(true)
    expect(timeout.lastSnapshot?.state).toBe('running')
    expect(tracker.stats().watchers).toBe(1)
    const seen = await clock.run(long)
    expect(seen.at(-1)?.state).toBe('succeeded')
  })

  it('drops a job when its last watcher leaves, unless it is held', async () => {
    for (const held of [false, true]) {
      const { clock, adapter, tracker, handle, initial } = await setup({
        queueMs: 0,
        runMs: 30_000,
      })
      const hold = held ? tracker.hold(handle, { initial }) : null
      for await (const job of tracker.watch(handle, { initial })) {
        expect(job.state).toBe('running')
        break // the watcher leaves after its first snapshot
      }
      expect(tracker.size).toBe(held ? 1 : 0)
      await clock.advance(40_000)
      if (hold) expect((await hold).state).toBe('succeeded')
      else expect(adapter.statusCalls.length).toBe(0)
      expect(tracker.size).toBe(0)
    }
  })

  it('hands a slow consumer only the latest snapshot, and never skips the terminal one', async () => {
    // A poll at least every second, each answer a new progress: a change a second.
    const { clock, tracker, handle } = await setup(
      {
        queueMs: 0,
        runMs: 30_000,
        progressScript: Array.from({ length: 40 }, (_, i) => (i + 1) / 50),
      },
      { maxIntervalMs: 1000 },
    )
    const fast = collect(tracker.watch(handle))
    const slow: Job[] = []
    const slowDone = (async () => {
      for await (const job of tracker.watch(handle)) {
        slow.push(job)
        await clock.sleep(7000) // far slower than the job changes
      }
    })()
    const [all] = await clock.run(Promise.all([fast, slowDone]))
    expect(all.length).toBeGreaterThan(20)
    expect(slow.length).toBeLessThan(8)
    expect(slow.at(-1)?.state).toBe('succeeded')
    // Each snapshot the slow one got is one the fast one saw, in the same order.
    let at = -1
    for (const job of slow) {
      const i = all.findIndex(
        (j, k) => k > at && j.progress === job.progress && j.state === job.state,
      )
      expect(i).toBeGreaterThan(at)
      at = i
    }
  })

  it('ends every watcher and the hold with a fatal poll error', async () => {
    const { clock, tracker, handle, initial } = await setup({
      queueMs: 0,
      runMs: 60_000,
      errors: [{ fromMs: 1, toMs: 1e9, error: unauthorized }],
    })
    const hold = tracker.hold(handle, { initial }).catch((e) => e)
    const watches = Array.from({ length: 3 }, () => collect(tracker.watch(handle)).catch((e) => e))
    const errors = await clock.run(Promise.all([hold, ...watches]))
    for (const error of errors)
      expect(ProviderApiError.isInstance(error) && error.code).toBe('unauthorized')
    expect(tracker.size).toBe(0)
  })

  it('waits out a retryable error for every watcher', async () => {
    const { clock, adapter, tracker, handle } = await setup({
      queueMs: 0,
      runMs: 20_000,
      errors: [
        {
          fromMs: 2000,
          toMs: 8000,
          error: () =>
            new ProviderApiError('busy', {
              provider: 'speedpix',
              call: 'status',
              code: 'provider_error',
              status: 503,
              providerCode: null,
              retryable: true,
            }),
        },
      ],
    })
    const seen = await clock.run(
      Promise.all([collect(tracker.watch(handle)), collect(tracker.watch(handle))]),
    )
    expect(seen.map((s) => s.at(-1)?.state)).toEqual(['succeeded', 'succeeded'])
    expect(adapter.statusCalls.some((c) => c.error === 'ProviderApiError')).toBe(true)
  })
})

describe('JobTracker.refresh', () => {
  /** A scripted adapter whose answers take `ms` of virtual time. */
  async function slowSetup(ms: number, options: Partial<JobTrackerOptions>) {
    const clock = new VirtualClock()
    const base = createScriptedAdapter(clock)
    const slow = {
      ...base,
      async status(handle: JobHandle) {
        await clock.sleep(ms)
        return base.status(handle)
      },
    }
    const tracker = new JobTracker({
      adapters: [slow],
      clock,
      learner: new DurationLearner(),
      ...options,
    })
    const initial = await base.submit('render', { queueMs: 0, runMs: 600_000, progress: true })
    return {
      clock,
      base,
      tracker,
      initial,
      handle: handleOf(initial),
      id: encodeHandle(handleOf(initial)),
    }
  }

  it('joins the poll in flight instead of sending another', async () => {
    const { clock, base, tracker, handle, id } = await slowSetup(2000, { requestsPerSecond: 100 })
    tracker.hold(handle).catch(() => undefined)
    await clock.advance(0) // the first poll is now in flight
    expect(base.statusCalls.length).toBe(0) // it answers after 2 s
    const refreshed = clock.run(tracker.refresh(id))
    const job = await refreshed
    expect(job?.state).toBe('running')
    expect(base.statusCalls.length).toBe(1)
    tracker.close()
  })

  it('polls now when the budget has a token, else answers with the latest snapshot at once', async () => {
    const { clock, base, tracker, handle, id, initial } = await slowSetup(0, {
      requestsPerSecond: 0.001,
      burst: 1,
    })
    // A resumed job whose stored plan puts its next poll a minute away.
    tracker.hold(handle, { initial, dueAt: clock.now() + 60_000 }).catch(() => undefined)
    await clock.advance(10_000)
    expect(base.statusCalls.length).toBe(0)
    const before = clock.now()
    const fresh = await clock.run(tracker.refresh(id))
    expect(base.statusCalls.length).toBe(1)
    expect(fresh?.progress).toBeGreaterThan(0)
    // The one token is spent: the next refresh answers from what it has, sending nothing.
    const stale = await tracker.refresh(id)
    expect(stale).toBe(fresh)
    expect(base.statusCalls.length).toBe(1)
    expect(clock.now()).toBe(before)
    expect(await tracker.refresh('drj1.unknown')).toBeNull()
    expect(tracker.stats().providers.speedpix).toMatchObject({
      requests: 1,
      requestsPerSecond: 0.001,
    })
    tracker.close()
  })
})

describe('JobTracker.hold', () => {
  it('keeps a resumed job’s planned poll (dueAt), taking its stored snapshot as the last seen', async () => {
    const { clock, adapter, tracker, handle, initial } = await setup({ queueMs: 0, runMs: 30_000 })
    const dueAt = clock.now() + 12_000
    const hold = tracker.hold(handle, { initial, dueAt })
    const stats = tracker.stats()
    expect(stats.jobs[initial.state]).toBe(1)
    expect(stats.held).toBe(1)
    const seen: Job[] = []
    const watch = collect(tracker.watch(handle)).then((s) => seen.push(...s))
    await clock.run(Promise.all([hold, watch]))
    expect(adapter.statusCalls[0]?.at).toBe(dueAt)
    expect(seen[0]).toBe(initial)
    expect(seen.at(-1)?.state).toBe('succeeded')
  })

  it('ends a hold at the tracker’s deadline, keeping the job for its watchers', async () => {
    const { clock, tracker, handle, initial } = await setup(
      { queueMs: 0, runMs: 50_000 },
      { timeoutMs: 20_000 },
    )
    const hold = tracker.hold(handle, { initial }).catch((e) => e)
    const watch = collect(tracker.watch(handle, { timeoutMs: 120_000 }))
    await clock.advance(21_000)
    const error = await hold
    expect(DarkroomTimeoutError.isInstance(error)).toBe(true)
    expect(tracker.stats()).toMatchObject({ held: 0, watchers: 1 })
    expect((await clock.run(watch)).at(-1)?.state).toBe('succeeded')
  })
})
