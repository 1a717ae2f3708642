import { type Clock, systemClock } from '../clock/clock.js'
import type { JobHandle } from '../model/handle.js'
import { isTerminalState, type Job, type ProviderId } from '../model/job.js'
import type { ProviderAdapter } from '../spec/adapter.js'
import { type DurationLearner, defaultLearner } from './duration-learner.js'
import { JobPoller } from './job-poller.js'
import { LagWidening } from './lag-widening.js'
import { PollQueue } from './poll-queue.js'
import { TokenBucket } from './token-bucket.js'
import { deadlineError, newTracked, type Tracked, watchAborted } from './tracked-job.js'
import type { JobTrackerOptions, TrackerEvent } from './tracker-options.js'
import { planPoll } from './tracker-plan.js'
import { DEFAULT_TIMEOUT_MS, scheduleFrom } from './watch-options.js'

/**
 * Marks the private tracker of `watchJob` (never exported from the package): it plans each poll
 * exactly as the engine says (no widening floor, no idle budget) and draws jitter only after a
 * failed poll, so a single watch behaves, draw for draw, as it did before it ran on a tracker.
 */
export const SINGLE_JOB = Symbol('darkroom.single-job-tracker')

/** One provider's budget and what was spent of it. */
export interface Budget {
  bucket: TokenBucket
  requests: number
}

/**
 * The machinery of a {@link JobTracker}, internal to core: the jobs, the heaps, the budgets and
 * the one loop that polls within them. `JobTracker` is its public face (holds, watches, reads).
 */
export class TrackerLoop {
  readonly clock: Clock
  readonly learner: DurationLearner
  readonly options: JobTrackerOptions
  readonly schedule: ReturnType<typeof scheduleFrom>
  readonly adapters = new Map<ProviderId, ProviderAdapter>()
  readonly budgets = new Map<string, Budget>()
  readonly jobs = new Map<string, Tracked>()
  readonly queue = new PollQueue<Tracked>()
  readonly listeners = new Set<(event: TrackerEvent) => void>()
  readonly random: () => number
  readonly concurrency: number
  readonly useIdle: boolean
  readonly single: boolean
  /** A held job's deadline (ms), and a watcher's default one. */
  readonly timeoutMs: number
  inFlight = 0
  closed = false
  #seq = 0
  #wake: AbortController | null = null
  /** Until when the loop sleeps (epoch ms); -Infinity while it runs. */
  #sleepUntil = Number.NEGATIVE_INFINITY
  #loop: Promise<void> | null = null

  constructor(options: JobTrackerOptions) {
    this.options = options
    this.schedule = scheduleFrom(options)
    this.clock = options.clock ?? systemClock
    this.learner = options.learner ?? defaultLearner
    this.random = options.random ?? Math.random
    this.concurrency = options.concurrency ?? 16
    this.useIdle = options.useIdleBudget ?? true
    this.single = (options as { [SINGLE_JOB]?: boolean })[SINGLE_JOB] === true
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
    if (!(this.concurrency >= 1))
      throw new RangeError(`concurrency must be at least 1, got ${options.concurrency}`)
    const now = this.clock.now()
    const widening = { lagMs: this.schedule.maxLagMs, max: options.maxLagWidening ?? 3 }
    for (const adapter of options.adapters) {
      this.adapters.set(adapter.id, adapter)
      const rps = options.requestsPerSecond
      const rate = typeof rps === 'number' ? rps : (rps?.[adapter.id] ?? 10)
      const bucket = new TokenBucket(rate, options.burst ?? 3, now)
      this.budgets.set(adapter.id, { bucket, requests: 0 })
      this.queue.addLane(
        adapter.id,
        bucket,
        new LagWidening({ ...widening, windowMs: 10_000 }, now),
      )
    }
  }

  /** The adapter of the job's provider; throws when closed or when there is none. */
  adapterFor(handle: JobHandle): ProviderAdapter {
    if (this.closed) throw new Error('JobTracker is closed; create a new one.')
    const adapter = this.adapters.get(handle.provider)
    if (adapter) return adapter
    throw new Error(
      `JobTracker has no adapter for provider "${handle.provider}"; pass it in options.adapters.`,
    )
  }

  /** A new tracked job, not queued yet (see `start`). */
  create(
    id: string,
    handle: JobHandle,
    adapter: ProviderAdapter,
    submittedAt: number | undefined,
    deadline: number,
  ): Tracked {
    const now = this.clock.now()
    const poller = new JobPoller(
      adapter.operations[handle.operation]?.timing ?? null,
      this.learner,
      this.schedule,
      `${handle.provider}:${handle.operation}`,
      submittedAt ?? now,
      submittedAt !== undefined,
    )
    const tracked = newTracked(id, handle, adapter, poller, now, deadline, this.#seq++)
    this.jobs.set(id, tracked)
    return tracked
  }

  /** Queues a new job: due now, at `dueAt`, or as planned from the snapshot in hand. */
  start(tracked: Tracked, initial: Job | undefined, dueAt: number | undefined): void {
    const now = this.clock.now()
    if (dueAt !== undefined) {
      if (initial) {
        tracked.poller.last = initial
        if (isTerminalState(initial.state)) {
          this.finish(tracked, initial)
          return
        }
      }
      tracked.dueAt = Math.max(now, dueAt)
      tracked.softDueAt = tracked.dueAt
      this.queue.schedule(tracked)
      this.kick(tracked.dueAt)
      return
    }
    if (!initial) this.queue.schedule(tracked)
    else if (this.settle(tracked, initial)) return
    this.kick()
  }

  /** Forgets a job (its poll in flight, if any, is aborted and its answer ignored). */
  drop(tracked: Tracked): void {
    this.jobs.delete(tracked.id)
    this.queue.remove(tracked)
    tracked.controller?.abort()
    // A loop sleeping with nothing left to track would hold its timer (up to an hour) for nothing.
    if (this.jobs.size === 0) this.#wake?.abort()
  }

  emit(event: TrackerEvent): void {
    for (const listener of this.listeners) listener(event)
  }

  /** Folds a snapshot in; returns true when the job is finished (and removed). */
  settle(tracked: Tracked, snapshot: Job): boolean {
    const now = this.clock.now()
    const accepted = tracked.poller.accept(snapshot, now)
    if (accepted.changed) {
      this.emit({ type: 'update', id: tracked.id, job: accepted.job })
      for (const watcher of tracked.watchers) watcher.deliver(accepted.job)
    }
    if (accepted.terminal) {
      this.#polled(tracked, true)
      this.finish(tracked, accepted.job)
      return true
    }
    this.plan(tracked, now, false)
    this.#polled(tracked, false)
    return false
  }

  /** Tells listeners what an answer or a failure left (a store records every one). */
  #polled(tracked: Tracked, ended: boolean): void {
    if (this.listeners.size === 0) return
    const { history, last } = tracked.poller
    this.emit({
      type: 'polled',
      id: tracked.id,
      job: last,
      polls: history.polls,
      errorsInARow: history.consecutiveErrors,
      nextPollAt: ended ? null : tracked.dueAt,
    })
  }

  finish(tracked: Tracked, job: Job): void {
    this.jobs.delete(tracked.id)
    this.emit({ type: 'done', id: tracked.id, job })
    for (const holder of tracked.holders) holder.resolve(job)
  }

  /** Plans the next poll ({@link planPoll}) and queues the job. */
  plan(tracked: Tracked, now: number, afterError: boolean): void {
    planPoll(this, tracked, now, afterError)
    this.queue.schedule(tracked)
  }

  /** Ends a job with a fatal error: its holds reject, its watchers end with it. */
  fail(tracked: Tracked, error: unknown): void {
    this.jobs.delete(tracked.id)
    this.queue.remove(tracked)
    tracked.failure = error
    this.#polled(tracked, true)
    this.emit({ type: 'error', id: tracked.id, error })
    for (const holder of tracked.holders) holder.reject(error)
    for (const watcher of tracked.watchers) watcher.end(error, false)
  }

  /** A held job past its deadline: its holds end; a job still watched stays for its watchers. */
  expire(tracked: Tracked): void {
    const error = deadlineError(tracked.handle, this.timeoutMs, tracked.poller.last)
    if (tracked.watchers.size === 0) {
      this.fail(tracked, error)
      return
    }
    const holders = tracked.holders
    tracked.holders = []
    tracked.deadline = Infinity
    this.queue.schedule(tracked)
    for (const holder of holders) holder.reject(error)
  }

  /**
   * Makes the loop look again by `at` (default now): starts it, or wakes it when it sleeps
   * past `at`. A poll that ends seldom needs it (its job's next poll is at least a gap away,
   * and the loop wakes for each token anyway), and every wake-up costs an abort error.
   */
  kick(at = this.clock.now()): void {
    if (this.#loop) {
      if (at < this.#sleepUntil && this.#wake && !this.#wake.signal.aborted) this.#wake.abort()
      return
    }
    this.#loop = this.#run().finally(() => {
      this.#loop = null
    })
  }

  /**
   * The one loop: ends holds past their deadline, starts every poll the budgets and the
   * concurrency cap allow, and sleeps until something changes (a job falls due, a deadline, a
   * token for waiting work) or a job is added or a poll ends.
   */
  async #run(): Promise<void> {
    while (!this.closed && this.jobs.size > 0) {
      const now = this.clock.now()
      for (const tracked of this.queue.expired(now)) this.expire(tracked)
      while (this.inFlight < this.concurrency) {
        const tracked = this.queue.take(now, this.useIdle)
        if (!tracked) break
        this.poll(tracked)
      }
      if (this.jobs.size === 0) break
      const nextWake = this.queue.nextAt(now, this.useIdle, this.inFlight < this.concurrency)
      // One controller serves every sleep until a wake-up aborts it.
      if (!this.#wake || this.#wake.signal.aborted) this.#wake = new AbortController()
      const wait = Number.isFinite(nextWake) ? Math.max(0, nextWake - now) : 3_600_000
      this.#sleepUntil = now + wait
      try {
        await this.clock.sleep(wait, this.#wake.signal)
      } catch {
        // Woken early: a job was added or became due sooner, or a slot in flight freed up.
      }
      this.#sleepUntil = Number.NEGATIVE_INFINITY
    }
  }

  poll(tracked: Tracked): void {
    this.inFlight += 1
    ;(this.budgets.get(tracked.lane) as Budget).requests += 1
    // Only a job nobody holds can be dropped mid-poll, so only it needs a way to abort one.
    if (tracked.holders.length === 0 && !tracked.controller)
      tracked.controller = new AbortController()
    const signal = tracked.holders.length === 0 ? tracked.controller?.signal : undefined
    tracked.polling = tracked.adapter
      .status(tracked.handle, {
        timeoutMs: this.options.requestTimeoutMs,
        retries: 0,
        raw: this.options.raw,
        signal,
      })
      .then(
        (snapshot) => {
          if (this.jobs.get(tracked.id) === tracked) this.settle(tracked, snapshot)
        },
        (error: unknown) => {
          if (this.jobs.get(tracked.id) !== tracked) return
          try {
            tracked.poller.reject(error)
          } catch (fatal) {
            this.fail(tracked, fatal)
            return
          }
          this.emit({ type: 'retrying', id: tracked.id, error })
          this.plan(tracked, this.clock.now(), true)
          this.#polled(tracked, false)
        },
      )
      .finally(() => {
        tracked.polling = null
        const capped = this.inFlight >= this.concurrency
        this.inFlight -= 1
        // A freed slot matters at once only when the cap held polls back; otherwise only the
        // job's own next look (if it still has one) can be sooner than the loop's next wake.
        this.kick(capped || !this.jobs.has(tracked.id) ? undefined : tracked.softDueAt)
      })
  }

  /** Stops: no more polls; holds stay unsettled; watchers end with an abort. */
  close(): void {
    this.closed = true
    for (const tracked of this.jobs.values()) {
      tracked.controller?.abort()
      for (const w of tracked.watchers)
        w.end(watchAborted(tracked.handle, undefined, 'was stopped: its tracker closed'), true)
    }
    this.jobs.clear()
    this.queue.clear()
    this.#wake?.abort()
  }
}
