import {
  type Clock,
  decodeHandle,
  encodeHandle,
  isTerminalState,
  type Job,
  type JobHandle,
  type JobState,
  type JobStore,
  type JobTracker,
  type ProviderId,
  type StoredJob,
  systemClock,
} from '@darkroom/core'
import { jobNotFound } from '../http/http-problem.js'
import type { GatewayJobs, GatewayMetrics, TrackedJobCount } from './gateway-jobs.js'
import { type OfferedAdapters, offeredAdapter } from './offered.js'
import type { UpstreamTally } from './upstream-tally.js'
import { WatcherGauge } from './upstream-tally.js'

/** What {@link trackedJobs} runs on. */
export interface TrackedJobsOptions {
  /** The offered providers' adapters (the tracker's too), built with `tally.record` as `onRequest`. */
  adapters: OfferedAdapters
  /** The one scheduler of this gateway's jobs; closed by `close()`. */
  tracker: JobTracker
  /** Where jobs are recorded; not closed by `close()` (its opener closes it after). */
  store: JobStore
  /** Counts every upstream request (the adapters' `onRequest`). */
  tally: UpstreamTally
  /** Time source, the tracker's. Default: the wall clock. */
  clock?: Clock | undefined
  /**
   * How long a stored snapshot of an unfinished job answers a read without a refresh, in ms: the
   * schedule's `maxLagMs` (a change is seen at most that late anyway). Default 1000.
   */
  freshMs?: number | undefined
  /** Told of a store write that failed (the job is still watched). Default: ignored. */
  onWriteError?: ((error: unknown, key: string) => void) | undefined
}

/**
 * A snapshot as the store keeps it: no `raw` payload and no provider image URL (signed and
 * expiring: credentials, in effect). Nothing is lost: `adapter.image()` fetches fresh ones.
 */
export function storable(job: Job): Job {
  const { raw: _raw, ...rest } = job
  return { ...rest, images: job.images.map((i) => ({ ...i, url: null, expiresAt: null })) }
}

/** Unfinished states, the only ones a tracker holds. */
const PENDING: readonly JobState[] = ['queued', 'running']

/**
 * The durable `GatewayJobs`: one `JobTracker` holds every unfinished job to its end, watched or
 * not, and every change it sees is written to the store (per job in order). A submit is recorded
 * before it answers; a read answers from the store while fresh, else through `tracker.refresh`
 * (within the budget); every watch of a job joins its one poller. Call `resume()` once at start.
 */
export function trackedJobs(options: TrackedJobsOptions): GatewayJobs & {
  /** Holds every unfinished stored job again, at its planned poll; resolves with how many. */
  resume(): Promise<number>
} {
  const { adapters, tracker, store, tally } = options
  const clock = options.clock ?? systemClock
  const freshMs = options.freshMs ?? 1000
  const watchers = new WatcherGauge()
  const writes = new Map<string, Promise<unknown>>()
  let closed = false

  /** Writes in order per job: a later snapshot never lands before an earlier one. */
  const write = (key: string, work: () => Promise<unknown>) => {
    const next = (writes.get(key) ?? Promise.resolve())
      .then(work)
      .catch((error: unknown) => options.onWriteError?.(error, key))
    writes.set(key, next)
    void next.then(() => {
      if (writes.get(key) === next) writes.delete(key)
    })
    return next
  }
  const unsubscribe = tracker.subscribe((event) => {
    if (event.type !== 'update' && event.type !== 'done') return
    const snapshot = storable(event.job)
    void write(event.id, () => store.update(event.id, { snapshot, observedAt: clock.now() }))
  })
  const hold = (stored: StoredJob) => {
    // A fatal error or the deadline ends the hold; the job stays unfinished in the store and is
    // resumed by the next start.
    tracker
      .hold(stored.handle, {
        initial: stored.snapshot,
        submittedAt: stored.submittedAt,
        dueAt: stored.nextPollAt ?? undefined,
      })
      .catch(() => undefined)
  }
  /** The stored job of `handle` for `owner`, recorded now when it is not yet (an older token). */
  const recorded = async (handle: JobHandle, owner: string): Promise<StoredJob> => {
    offeredAdapter(adapters, handle.provider)
    const key = encodeHandle(handle)
    const stored = await store.get(key)
    if (stored) {
      if (stored.owner !== owner) throw jobNotFound()
      return stored
    }
    let first: Job | undefined
    for await (const job of tracker.watch(handle)) {
      first = job
      break
    }
    const now = clock.now()
    const job: StoredJob = {
      key,
      handle,
      owner,
      snapshot: storable(first as Job),
      submittedAt: now,
      observedAt: now,
      nextPollAt: null,
      polls: 0,
      errorsInARow: 0,
    }
    await write(key, () => store.insert(job))
    if (!isTerminalState(job.snapshot.state)) hold(job)
    return job
  }

  return {
    async submit(provider, operation, input, owner) {
      const job = await offeredAdapter(adapters, provider).submit(operation, input)
      const now = clock.now()
      const stored: StoredJob = {
        key: job.id,
        handle: decodeHandle(job.id),
        owner,
        snapshot: storable(job),
        submittedAt: now,
        observedAt: now,
        nextPollAt: null,
        polls: 0,
        errorsInARow: 0,
      }
      // Recorded before the answer: a crash after it still resumes the job.
      await store.insert(stored)
      if (!isTerminalState(job.state)) hold(stored)
      return job
    },
    async get(handle, owner) {
      const stored = await recorded(handle, owner)
      const age = clock.now() - stored.observedAt
      if (isTerminalState(stored.snapshot.state) || age < freshMs) return stored.snapshot
      return (await tracker.refresh(stored.key)) ?? stored.snapshot
    },
    async *watch(handle, owner, watchOptions = {}) {
      const stored = await recorded(handle, owner)
      if (isTerminalState(stored.snapshot.state)) {
        yield stored.snapshot
        return
      }
      const close = watchers.open(handle.provider)
      try {
        yield* tracker.watch(handle, {
          signal: watchOptions.signal,
          timeoutMs: watchOptions.timeoutMs,
          initial: stored.snapshot,
          submittedAt: stored.submittedAt,
        })
      } finally {
        close()
      }
    },
    image: async (handle, index) => offeredAdapter(adapters, handle.provider).image(handle, index),
    async metrics(): Promise<GatewayMetrics> {
      const stats = tracker.stats()
      const counts = new Map<string, TrackedJobCount>()
      for (const provider of Object.keys(adapters) as ProviderId[])
        for (const state of PENDING)
          counts.set(`${provider}:${state}`, { provider, state, count: 0 })
      for (const job of tracker.snapshots()) {
        const row = counts.get(`${job.provider}:${job.state}`)
        if (row) row.count += 1
      }
      const budget = Object.entries(stats.providers).map(([provider, b]) => ({
        provider: provider as ProviderId,
        requestsPerSecond: Number.isFinite(b.requestsPerSecond) ? b.requestsPerSecond : null,
        spent: b.requests,
      }))
      return {
        upstream: tally.rows(),
        jobs: [...counts.values()],
        watchers: watchers.rows(),
        budget,
      }
    },
    async close() {
      if (closed) return
      closed = true
      unsubscribe()
      tracker.close()
      await Promise.all(writes.values())
    },
    async resume() {
      const unfinished = await store.unfinished()
      for (const stored of unfinished) if (adapters[stored.handle.provider]) hold(stored)
      return unfinished.length
    },
  }
}
