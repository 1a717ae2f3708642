import { type Clock, systemClock } from '../clock/clock.js'
import { DarkroomTimeoutError } from '../errors/index.js'
import { encodeHandle, type JobHandle } from '../model/handle.js'
import type { Job, ProviderId } from '../model/job.js'
import type { ProviderAdapter } from '../spec/adapter.js'
import { type DurationLearner, defaultLearner } from './duration-learner.js'
import { JobPoller } from './job-poller.js'
import { TokenBucket } from './token-bucket.js'
import { DEFAULT_TIMEOUT_MS, type PollingOptions, scheduleFrom } from './watch-options.js'

/** Options of {@link JobTracker}. */
export interface JobTrackerOptions extends PollingOptions {
  /** The adapters jobs may belong to. */
  adapters: ProviderAdapter[]
  /**
   * Status requests per second allowed per provider (a token bucket), one number for all or one
   * per provider. Default 10.
   */
  requestsPerSecond?: number | Partial<Record<ProviderId, number>> | undefined
  /** Requests a provider's bucket may save up. Default 1: requests are spread evenly. */
  burst?: number | undefined
  /** Status requests in flight at once, across providers. Default 16. */
  concurrency?: number | undefined
}

/** Options of {@link JobTracker.add}. */
export interface TrackOptions {
  /** A snapshot already in hand (from `submit`), so the first poll waits for its turn. */
  initial?: Job | undefined
  /** When the job was submitted (epoch ms), when known. */
  submittedAt?: number | undefined
}

/** What a tracker tells its listeners. */
export type TrackerEvent =
  | { type: 'update'; id: string; job: Job }
  | { type: 'retrying'; id: string; error: unknown }
  | { type: 'done'; id: string; job: Job }
  | { type: 'error'; id: string; error: unknown }

interface Tracked {
  id: string
  handle: JobHandle
  adapter: ProviderAdapter
  poller: JobPoller
  dueAt: number
  deadline: number
  inFlight: boolean
  resolve: (job: Job) => void
  reject: (error: unknown) => void
}

/**
 * Watches many jobs at once within a request budget: a token bucket per provider, a cap on
 * requests in flight, one poll in flight per job, and — when more jobs are due than the budget
 * allows — the jobs most likely to be done first (the furthest past their expected end).
 */
export class JobTracker {
  readonly #clock: Clock
  readonly #learner: DurationLearner
  readonly #options: JobTrackerOptions
  readonly #adapters = new Map<ProviderId, ProviderAdapter>()
  readonly #buckets = new Map<ProviderId, TokenBucket>()
  readonly #jobs = new Map<string, Tracked>()
  readonly #listeners = new Set<(event: TrackerEvent) => void>()
  readonly #random: () => number
  readonly #concurrency: number
  #inFlight = 0
  #wake: AbortController | null = null
  #loop: Promise<void> | null = null
  #closed = false

  constructor(options: JobTrackerOptions) {
    this.#options = options
    this.#clock = options.clock ?? systemClock
    this.#learner = options.learner ?? defaultLearner
    this.#random = options.random ?? Math.random
    this.#concurrency = options.concurrency ?? 16
    if (!(this.#concurrency >= 1))
      throw new RangeError(`concurrency must be at least 1, got ${options.concurrency}`)
    const now = this.#clock.now()
    for (const adapter of options.adapters) {
      this.#adapters.set(adapter.id, adapter)
      const rps = options.requestsPerSecond
      const rate = typeof rps === 'number' ? rps : (rps?.[adapter.id] ?? 10)
      this.#buckets.set(adapter.id, new TokenBucket(rate, options.burst ?? 1, now))
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
        scheduleFrom(this.#options),
        `${handle.provider}:${handle.operation}`,
        options.submittedAt ?? now,
        options.submittedAt !== undefined,
      )
      const tracked: Tracked = {
        id,
        handle,
        adapter,
        poller,
        dueAt: now,
        deadline: now + (this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
        inFlight: false,
        resolve,
        reject,
      }
      this.#jobs.set(id, tracked)
      if (options.initial && this.#settle(tracked, options.initial)) return
      this.#kick()
    })
  }

  /** Stops tracking a job; its `add` promise never settles. */
  remove(id: string): boolean {
    return this.#jobs.delete(id)
  }

  /** Stops the tracker: no more polls; pending `add` promises stay unsettled. */
  close(): void {
    this.#closed = true
    this.#jobs.clear()
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
    tracked.dueAt = now + tracked.poller.nextDelay(now, this.#random()).delayMs
    return false
  }

  #fail(tracked: Tracked, error: unknown): void {
    this.#jobs.delete(tracked.id)
    this.#emit({ type: 'error', id: tracked.id, error })
    tracked.reject(error)
  }

  #kick(): void {
    if (this.#loop) {
      this.#wake?.abort()
      return
    }
    this.#loop = this.#run().finally(() => {
      this.#loop = null
    })
  }

  /** How likely a job is done: how far past its expected end (larger first). */
  #score(tracked: Tracked, now: number): number {
    const end = tracked.poller.plan?.expectedEndAt
    return end == null ? now - tracked.dueAt - 3_600_000 : now - end
  }

  async #run(): Promise<void> {
    while (!this.#closed && this.#jobs.size > 0) {
      const now = this.#clock.now()
      const due: Tracked[] = []
      let nextWake = Number.POSITIVE_INFINITY
      for (const tracked of this.#jobs.values()) {
        if (tracked.inFlight) continue
        if (now >= tracked.deadline) {
          this.#fail(
            tracked,
            new DarkroomTimeoutError(
              `${tracked.handle.provider} job ${tracked.handle.providerJobId} did not finish before its deadline; raise timeoutMs or check it later.`,
              {
                provider: tracked.handle.provider,
                call: 'watch',
                lastSnapshot: tracked.poller.last,
              },
            ),
          )
          continue
        }
        if (tracked.dueAt <= now) due.push(tracked)
        else nextWake = Math.min(nextWake, tracked.dueAt, tracked.deadline)
      }
      if (due.length > 1) due.sort((a, b) => this.#score(b, now) - this.#score(a, now))
      for (const tracked of due) {
        if (this.#inFlight >= this.#concurrency) break
        const bucket = this.#buckets.get(tracked.handle.provider) as TokenBucket
        if (bucket.tryTake(now)) this.#poll(tracked)
        else nextWake = Math.min(nextWake, now + bucket.msUntilToken(now))
      }
      if (this.#jobs.size === 0) break
      this.#wake = new AbortController()
      const wait = Number.isFinite(nextWake) ? Math.max(0, nextWake - now) : 3_600_000
      try {
        await this.#clock.sleep(wait, this.#wake.signal)
      } catch {
        // Woken early: a job was added or a poll finished.
      }
    }
  }

  #poll(tracked: Tracked): void {
    tracked.inFlight = true
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
          const now = this.#clock.now()
          try {
            tracked.poller.reject(error)
          } catch (fatal) {
            this.#fail(tracked, fatal)
            return
          }
          this.#emit({ type: 'retrying', id: tracked.id, error })
          tracked.dueAt = now + tracked.poller.nextDelay(now, this.#random()).delayMs
        },
      )
      .finally(() => {
        tracked.inFlight = false
        this.#inFlight -= 1
        this.#kick()
      })
  }
}
