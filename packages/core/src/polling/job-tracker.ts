import { encodeHandle, type JobHandle } from '../model/handle.js'
import type { Job } from '../model/job.js'
import type { ProviderAdapter } from '../spec/adapter.js'
import { type Holder, type Tracked, watchAborted } from './tracked-job.js'
import { TrackerLoop } from './tracker-loop.js'
import type {
  JobTrackerOptions,
  TrackerEvent,
  TrackerStats,
  TrackerWatchOptions,
  TrackOptions,
} from './tracker-options.js'
import { trackerStats } from './tracker-stats.js'
import { watchTracked } from './tracker-watch.js'

/**
 * Watches many jobs at once within a request budget: a token bucket per provider, a cap on
 * requests in flight, one poll in flight per job, and — when more jobs are due than the budget
 * allows — the longest due first (each plan puts a poll where the job may have ended, so the
 * longest due has been possibly done the longest). Under sustained load a provider's gaps widen
 * (at most `maxLagWidening` times); budget left unused goes to early polls of jobs past their
 * earliest end. The schedule is a set of heaps ({@link PollQueue}): a poll costs a logarithm of
 * the jobs held, never a scan of them.
 *
 * A job is tracked while someone holds it (`hold`, until terminal) or watches it (`watch`, any
 * number of watchers sharing its one poller); the last watcher of a job nobody holds drops it.
 */
export class JobTracker {
  readonly #loop: TrackerLoop

  constructor(options: JobTrackerOptions) {
    this.#loop = new TrackerLoop(options)
  }

  /** Number of jobs being tracked. */
  get size(): number {
    return this.#loop.jobs.size
  }

  /** The latest snapshot of every tracked job. */
  snapshots(): Job[] {
    return [...this.#loop.jobs.values()].flatMap((t) => (t.poller.last ? [t.poller.last] : []))
  }

  /** Whether the job with this id (`encodeHandle(handle)`) is tracked (held or watched). */
  has(id: string): boolean {
    return this.#loop.jobs.has(id)
  }

  /** The latest snapshot of a tracked job, or null (not tracked, or no snapshot yet). */
  snapshot(id: string): Job | null {
    return this.#loop.jobs.get(id)?.poller.last ?? null
  }

  /** Listens to updates; returns the function that stops listening. */
  subscribe(listener: (event: TrackerEvent) => void): () => void {
    this.#loop.listeners.add(listener)
    return () => this.#loop.listeners.delete(listener)
  }

  /**
   * Watches a job: its current snapshot first (the tracked one, else `initial`, else the first
   * poll's), then each changed one, ending after the terminal one. Any number of watchers of one
   * job share its one poller and its provider's budget; each has its own deadline and signal. A
   * slow consumer is handed only the latest snapshot (never skipping the terminal one). A fatal
   * poll error ends every watcher of the job with it; retryable ones are waited out. Throws (on
   * iteration) when the tracker is closed or has no adapter for the job's provider.
   */
  watch(
    handle: JobHandle,
    options: TrackerWatchOptions = {},
  ): AsyncGenerator<Job, void, undefined> {
    return watchTracked(this.#loop, encodeHandle(handle), handle, options)
  }

  /**
   * Holds a job until it is terminal, watched or not; resolves with its terminal snapshot,
   * rejects on a fatal error or the tracker's `timeoutMs` deadline. Holding a job already
   * tracked shares its poller (and, when it is held already, its outcome and deadline).
   */
  hold(handle: JobHandle, options: TrackOptions = {}): Promise<Job> {
    let adapter: ProviderAdapter
    try {
      adapter = this.#loop.adapterFor(handle)
    } catch (error) {
      return Promise.reject(error)
    }
    const id = encodeHandle(handle)
    return new Promise<Job>((resolve, reject) => {
      const holder: Holder = { resolve, reject }
      const existing = this.#loop.jobs.get(id)
      if (existing) {
        if (existing.holders.length === 0) this.#setDeadline(existing, this.#deadline())
        existing.holders.push(holder)
        return
      }
      const tracked = this.#loop.create(id, handle, adapter, options.submittedAt, this.#deadline())
      tracked.holders.push(holder)
      this.#loop.start(tracked, options.initial, options.dueAt)
    })
  }

  /** The older name of {@link hold}, kept for existing callers. */
  add(handle: JobHandle, options: TrackOptions = {}): Promise<Job> {
    return this.hold(handle, options)
  }

  /**
   * A fresher snapshot of a tracked job, for a read that found the stored one stale, never
   * waiting for a token and never exceeding the budget: joins the poll in flight when there is
   * one; else polls now if the provider's bucket has a token now (and the concurrency cap a
   * slot); else resolves at once with the latest snapshot. Resolves null for a job not tracked,
   * or tracked with no snapshot yet and no poll possible now; rejects with the fatal error a
   * joined poll ended the job with.
   */
  async refresh(id: string): Promise<Job | null> {
    const tracked = this.#loop.jobs.get(id)
    if (!tracked) return null
    if (
      !tracked.polling &&
      this.#loop.inFlight < this.#loop.concurrency &&
      this.#loop.queue.takeNow(tracked, this.#loop.clock.now())
    ) {
      this.#loop.poll(tracked)
    }
    if (tracked.polling) {
      await tracked.polling
      if (tracked.failure !== undefined) throw tracked.failure
    }
    return tracked.poller.last
  }

  /** What is tracked and spent now: jobs by state, holds, watchers, requests and budgets. */
  stats(): TrackerStats {
    return trackerStats(
      this.#loop.jobs.values(),
      this.#loop.budgets,
      this.#loop.inFlight,
      this.#loop.clock.now(),
    )
  }

  /** Stops tracking a job: its `hold` promises never settle; its watchers end with an abort. */
  remove(id: string): boolean {
    const tracked = this.#loop.jobs.get(id)
    if (!tracked) return false
    this.#loop.drop(tracked)
    for (const w of tracked.watchers)
      w.end(watchAborted(tracked.handle, undefined, 'was stopped'), true)
    return true
  }

  /** Stops the tracker: no more polls; pending `hold` promises stay unsettled; watchers end. */
  close(): void {
    this.#loop.close()
  }

  #deadline(): number {
    return this.#loop.clock.now() + this.#loop.timeoutMs
  }
  #setDeadline(tracked: Tracked, deadline: number): void {
    const queued = this.#loop.queue.queued(tracked)
    if (queued) this.#loop.queue.remove(tracked)
    tracked.deadline = deadline
    if (queued) {
      this.#loop.queue.schedule(tracked)
      this.#loop.kick(deadline)
    }
  }
}
