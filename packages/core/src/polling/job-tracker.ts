import { type Clock, systemClock } from '../clock/clock.js'
import { DarkroomTimeoutError } from '../errors/index.js'
import { encodeHandle, type JobHandle } from '../model/handle.js'
import type { Job, ProviderId } from '../model/job.js'
import type { ProviderAdapter } from '../spec/adapter.js'
import { type DurationLearner, defaultLearner } from './duration-learner.js'
import { JobPoller } from './job-poller.js'
import { LagWidening } from './lag-widening.js'
import { PollQueue, type QueuedJob } from './poll-queue.js'
import { TokenBucket } from './token-bucket.js'
import type { JobTrackerOptions, TrackerEvent, TrackOptions } from './tracker-options.js'
import { DEFAULT_TIMEOUT_MS, scheduleFrom } from './watch-options.js'

interface Tracked extends QueuedJob {
  id: string
  handle: JobHandle
  adapter: ProviderAdapter
  poller: JobPoller
  resolve: (job: Job) => void
  reject: (error: unknown) => void
}

/**
 * Watches many jobs at once within a request budget: a token bucket per provider, a cap on
 * requests in flight, one poll in flight per job, and — when more jobs are due than the budget
 * allows — the longest due first (each plan puts a poll where the job may have ended, so the
 * longest due has been possibly done the longest). Under sustained load a provider's gaps widen
 * (at most `maxLagWidening` times); budget left unused goes to early polls of jobs past their
 * earliest end. The schedule is a set of heaps ({@link PollQueue}): a poll costs a logarithm of
 * the jobs held, never a scan of them.
 */
export class JobTracker {
  readonly #clock: Clock
  readonly #learner: DurationLearner
  readonly #options: JobTrackerOptions
  readonly #schedule: ReturnType<typeof scheduleFrom>
  readonly #adapters = new Map<ProviderId, ProviderAdapter>()
  readonly #jobs = new Map<string, Tracked>()
  readonly #queue = new PollQueue<Tracked>()
  readonly #listeners = new Set<(event: TrackerEvent) => void>()
  readonly #random: () => number
  readonly #concurrency: number
  readonly #useIdle: boolean
  #seq = 0
  #inFlight = 0
  #wake: AbortController | null = null
  /** Until when the loop sleeps (epoch ms); -Infinity while it runs. */
  #sleepUntil = Number.NEGATIVE_INFINITY
  #loop: Promise<void> | null = null
  #closed = false

  constructor(options: JobTrackerOptions) {
    this.#options = options
    this.#schedule = scheduleFrom(options)
    this.#clock = options.clock ?? systemClock
    this.#learner = options.learner ?? defaultLearner
    this.#random = options.random ?? Math.random
    this.#concurrency = options.concurrency ?? 16
    this.#useIdle = options.useIdleBudget ?? true
    if (!(this.#concurrency >= 1))
      throw new RangeError(`concurrency must be at least 1, got ${options.concurrency}`)
    const now = this.#clock.now()
    const widening = { lagMs: this.#schedule.maxLagMs, max: options.maxLagWidening ?? 3 }
    for (const adapter of options.adapters) {
      this.#adapters.set(adapter.id, adapter)
      const rps = options.requestsPerSecond
      const rate = typeof rps === 'number' ? rps : (rps?.[adapter.id] ?? 10)
      this.#queue.addLane(
        adapter.id,
        new TokenBucket(rate, options.burst ?? 3, now),
        new LagWidening({ ...widening, windowMs: 10_000 }, now),
      )
    }
  }

  /** Number of jobs being tracked. */
  get size(): number {
    return this.#jobs.size
  }

  /** The latest snapshot of every tracked job. */
  snapshots(): Job[] {
    return [...this.#jobs.values()].flatMap((t) => (t.poller.last ? [t.poller.last] : []))
  }

  /** Listens to updates; returns the function that stops listening. */
  subscribe(listener: (event: TrackerEvent) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /**
   * Tracks a job until it is terminal; resolves with its terminal snapshot, rejects on a fatal
   * error or the deadline. Adding a job already tracked returns the same promise's outcome.
   */
  add(handle: JobHandle, options: TrackOptions = {}): Promise<Job> {
    if (this.#closed) return Promise.reject(new Error('JobTracker is closed; create a new one.'))
    const adapter = this.#adapters.get(handle.provider)
    if (!adapter) {
      return Promise.reject(
        new Error(
          `JobTracker has no adapter for provider "${handle.provider}"; pass it in options.adapters.`,
        ),
      )
    }
    const id = encodeHandle(handle)
    return new Promise<Job>((resolve, reject) => {
      const existing = this.#jobs.get(id)
      if (existing) {
        const { resolve: r0, reject: j0 } = existing
        existing.resolve = (job) => {
          r0(job)
          resolve(job)
        }
        existing.reject = (error) => {
          j0(error)
          reject(error)
        }
        return
      }
      const now = this.#clock.now()
      const poller = new JobPoller(
        adapter.operations[handle.operation]?.timing ?? null,
        this.#learner,
        this.#schedule,
        `${handle.provider}:${handle.operation}`,
        options.submittedAt ?? now,
        options.submittedAt !== undefined,
      )
      const tracked: Tracked = {
        id,
        handle,
        adapter,
        poller,
        lane: handle.provider,
        softDueAt: now,
        dueAt: now,
        deadline: now + (this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
        seq: this.#seq++,
        resolve,
        reject,
      }
      this.#jobs.set(id, tracked)
      if (!options.initial) this.#queue.schedule(tracked)
      else if (this.#settle(tracked, options.initial)) return
      this.#kick()
    })
  }

  /** Stops tracking a job; its `add` promise never settles. */
  remove(id: string): boolean {
    const tracked = this.#jobs.get(id)
    if (tracked) this.#queue.remove(tracked)
    return this.#jobs.delete(id)
  }

  /** Stops the tracker: no more polls; pending `add` promises stay unsettled. */
  close(): void {
    this.#closed = true
    this.#jobs.clear()
    this.#queue.clear()
    this.#wake?.abort()
  }

  #emit(event: TrackerEvent): void {
    for (const listener of this.#listeners) listener(event)
  }

  /** Folds a snapshot in; returns true when the job is finished (and removed). */
  #settle(tracked: Tracked, snapshot: Job): boolean {
    const now = this.#clock.now()
    const accepted = tracked.poller.accept(snapshot, now)
    if (accepted.changed) this.#emit({ type: 'update', id: tracked.id, job: accepted.job })
    if (accepted.terminal) {
      this.#jobs.delete(tracked.id)
      this.#emit({ type: 'done', id: tracked.id, job: accepted.job })
      tracked.resolve(accepted.job)
      return true
    }
    this.#plan(tracked, now)
    return false
  }

  /**
   * Plans the next poll and queues the job: due at the plan (or one widened gap, when that is
   * later), and worth an idle token from its earliest end or one unwidened gap, whichever is
   * later. A first look after a sleep keeps its place, one maxLag past the earliest end: moving
   * it later saves less than a request and makes every early finisher late.
   */
  #plan(tracked: Tracked, now: number): void {
    const { maxLagMs, minIntervalMs } = this.#schedule
    const plan = tracked.poller.nextDelay(now, this.#random())
    const failed = plan.reason === 'error-backoff' || plan.reason === 'retry-after'
    const gap = Math.round(maxLagMs * this.#queue.lane(tracked).widening.factor(now))
    tracked.dueAt = now + (failed ? plan.delayMs : Math.max(plan.delayMs, gap))
    const early = Math.max(plan.earliestEndAt ?? 0, now + Math.max(maxLagMs, minIntervalMs))
    tracked.softDueAt = this.#useIdle && !failed ? Math.min(tracked.dueAt, early) : tracked.dueAt
    this.#queue.schedule(tracked)
  }

  #fail(tracked: Tracked, error: unknown): void {
    this.#jobs.delete(tracked.id)
    this.#queue.remove(tracked)
    this.#emit({ type: 'error', id: tracked.id, error })
    tracked.reject(error)
  }

  /**
   * Makes the loop look again by `at` (default now): starts it, or wakes it when it sleeps
   * past `at`. A poll that ends seldom needs it (its job's next poll is at least a gap away,
   * and the loop wakes for each token anyway), and every wake-up costs an abort error.
   */
  #kick(at = this.#clock.now()): void {
    if (this.#loop) {
      if (at < this.#sleepUntil && this.#wake && !this.#wake.signal.aborted) this.#wake.abort()
      return
    }
    this.#loop = this.#run().finally(() => {
      this.#loop = null
    })
  }

  /**
   * The one loop: fails jobs past their deadline, starts every poll the budgets and the
   * concurrency cap allow, and sleeps until something changes (a job falls due, a deadline, a
   * token for waiting work) or a job is added or a poll ends.
   */
  async #run(): Promise<void> {
    while (!this.#closed && this.#jobs.size > 0) {
      const now = this.#clock.now()
      for (const tracked of this.#queue.expired(now)) {
        const { provider, providerJobId } = tracked.handle
        this.#fail(
          tracked,
          new DarkroomTimeoutError(
            `${provider} job ${providerJobId} did not finish before its deadline; raise timeoutMs or check it later.`,
            { provider, call: 'watch', lastSnapshot: tracked.poller.last },
          ),
        )
      }
      while (this.#inFlight < this.#concurrency) {
        const tracked = this.#queue.take(now, this.#useIdle)
        if (!tracked) break
        this.#poll(tracked)
      }
      if (this.#jobs.size === 0) break
      const nextWake = this.#queue.nextAt(now, this.#useIdle, this.#inFlight < this.#concurrency)
      // One controller serves every sleep until a wake-up aborts it.
      if (!this.#wake || this.#wake.signal.aborted) this.#wake = new AbortController()
      const wait = Number.isFinite(nextWake) ? Math.max(0, nextWake - now) : 3_600_000
      this.#sleepUntil = now + wait
      try {
        await this.#clock.sleep(wait, this.#wake.signal)
      } catch {
        // Woken early: a job was added or became due sooner, or a slot in flight freed up.
      }
      this.#sleepUntil = Number.NEGATIVE_INFINITY
    }
  }

  #poll(tracked: Tracked): void {
    this.#inFlight += 1
    tracked.adapter
      .status(tracked.handle, {
        timeoutMs: this.#options.requestTimeoutMs,
        retries: 0,
        raw: this.#options.raw,
      })
      .then(
        (snapshot) => {
          if (this.#jobs.get(tracked.id) === tracked) this.#settle(tracked, snapshot)
        },
        (error: unknown) => {
          if (this.#jobs.get(tracked.id) !== tracked) return
          try {
            tracked.poller.reject(error)
          } catch (fatal) {
            this.#fail(tracked, fatal)
            return
          }
          this.#emit({ type: 'retrying', id: tracked.id, error })
          this.#plan(tracked, this.#clock.now())
        },
      )
      .finally(() => {
        const capped = this.#inFlight >= this.#concurrency
        this.#inFlight -= 1
        // A freed slot matters at once only when the cap held polls back; otherwise only the
        // job's own next look (if it still has one) can be sooner than the loop's next wake.
        this.#kick(capped || !this.#jobs.has(tracked.id) ? undefined : tracked.softDueAt)
      })
  }
}
