import type { Job, JobState, ProviderId } from '../model/job.js'
import type { ProviderAdapter } from '../spec/adapter.js'
import type { PollingOptions } from './watch-options.js'

/** Options of {@link JobTracker}. */
export interface JobTrackerOptions extends PollingOptions {
  /** The adapters jobs may belong to. */
  adapters: ProviderAdapter[]
  /**
   * A held job's deadline (ms from `hold`/`add`), and each watcher's default one. A hub holding
   * jobs for a gateway passes a long one (e.g. 24 h): a job nobody watches must still be seen to
   * its end. Past it a held job's `hold` rejects with a `DarkroomTimeoutError`; if watchers
   * remain, the job stays tracked for them. Default one hour.
   */
  timeoutMs?: number | undefined
  /**
   * Status requests per second allowed per provider (a token bucket), one number for all or one
   * per provider; `Infinity` is no limit. Default 10.
   */
  requestsPerSecond?: number | Partial<Record<ProviderId, number>> | undefined
  /**
   * Requests a provider's bucket may save up. Default 3: requests are still spread evenly, but a
   * timer that fires late can catch up (with 1, every late wake-up loses budget: a real clock
   * spent 83 of 100 req/s), and a backlog at high rates goes out two per wake-up.
   */
  burst?: number | undefined
  /** Status requests in flight at once, across providers (`Infinity`: no cap). Default 16. */
  concurrency?: number | undefined
  /**
   * Under sustained load (polls waiting for the budget longer than `maxLagMs` on average over
   * 10 s), a provider's gap between polls of a job that may be done widens to that wait, at
   * most this many times `maxLagMs`, so polls are planned where the queue would have put them
   * and first looks are not held up behind them. 1 never widens. Default 3.
   */
  maxLagWidening?: number | undefined
  /**
   * Spends requests the budget would leave unused on jobs whose earliest end has passed but
   * whose planned poll has not come (a first look, a job near its ETA), or whose gap is
   * widened, longest due first. At most one early poll per planned one; a due poll waits for
   * it at most one token. `false` polls only at the planned times. Default true.
   */
  useIdleBudget?: boolean | undefined
}

/** Options of {@link JobTracker.hold} (and its older name, `add`). */
export interface TrackOptions {
  /**
   * A snapshot already in hand (from `submit`, or the store), so the first poll waits for its
   * turn. Default: none; the job is polled as soon as the budget allows.
   */
  initial?: Job | undefined
  /** When the job was submitted (epoch ms), when known. Default: unknown. */
  submittedAt?: number | undefined
  /**
   * When the first poll is planned (epoch ms): a resumed job keeps the plan it had (the store's
   * `nextPollAt`). With `initial`, that snapshot is taken as the last one seen, not as a fresh
   * answer. A time already past means now. Default: planned from `initial`, or now without it.
   */
  dueAt?: number | undefined
}

/** Options of {@link JobTracker.watch}. */
export interface TrackerWatchOptions {
  /** Ends this watcher at once with a `DarkroomAbortError`; the others go on. Default: none. */
  signal?: AbortSignal | undefined
  /**
   * This watcher's deadline in ms from the start of its iteration: then it ends with a
   * `DarkroomTimeoutError` carrying the last snapshot; the others go on. Default: the tracker's
   * `timeoutMs` (one hour unless set).
   */
  timeoutMs?: number | undefined
  /**
   * A snapshot already in hand: yielded first when the tracker has none of its own yet, and (for
   * a job not tracked yet) taken as its first answer, so the first poll waits for its turn.
   * Default: none; the first snapshot comes from the first poll.
   */
  initial?: Job | undefined
  /** When the job was submitted (epoch ms), when known; used if this starts tracking it. */
  submittedAt?: number | undefined
}

/** One provider's budget in {@link TrackerStats}. */
export interface ProviderBudgetStats {
  /** Status requests the tracker has sent for this provider since it was created. */
  requests: number
  /** The budget: status requests per second (`Infinity`: no limit). */
  requestsPerSecond: number
  /** Requests the bucket may save up. */
  burst: number
  /** Requests it could send at once now (fractional), at most `burst`. */
  available: number
}

/** What {@link JobTracker.stats} reports (for a gateway's `/metrics`). */
export interface TrackerStats {
  /** Jobs tracked, by the state of their latest snapshot; `unknown` before the first one. */
  jobs: Record<JobState | 'unknown', number>
  /** Jobs held (`hold`/`add`) until terminal, watched or not. */
  held: number
  /** Watchers iterating `watch`, over all jobs. */
  watchers: number
  /** Status requests in flight now. */
  inFlight: number
  /** Per configured provider. */
  providers: Partial<Record<ProviderId, ProviderBudgetStats>>
}

/** What a tracker tells its listeners. */
export type TrackerEvent =
  | { type: 'update'; id: string; job: Job }
  | { type: 'retrying'; id: string; error: unknown }
  | { type: 'done'; id: string; job: Job }
  /**
   * After every answer or failed poll is folded in (and a fatal one): the job's latest snapshot
   * (null before the first), status calls so far, failed ones in a row, and the planned next poll
   * (epoch ms; null once the job has ended here). What a durable store records.
   */
  | {
      type: 'polled'
      id: string
      job: Job | null
      polls: number
      errorsInARow: number
      nextPollAt: number | null
    }
  | { type: 'error'; id: string; error: unknown }
