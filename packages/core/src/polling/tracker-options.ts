import type { Job, ProviderId } from '../model/job.js'
import type { ProviderAdapter } from '../spec/adapter.js'
import type { PollingOptions } from './watch-options.js'

/** Options of {@link JobTracker}. */
export interface JobTrackerOptions extends PollingOptions {
  /** The adapters jobs may belong to. */
  adapters: ProviderAdapter[]
  /**
   * Status requests per second allowed per provider (a token bucket), one number for all or one
   * per provider. Default 10.
   */
  requestsPerSecond?: number | Partial<Record<ProviderId, number>> | undefined
  /**
   * Requests a provider's bucket may save up. Default 3: requests are still spread evenly, but a
   * timer that fires late can catch up (with 1, every late wake-up loses budget: a real clock
   * spent 83 of 100 req/s), and a backlog at high rates goes out two per wake-up.
   */
  burst?: number | undefined
  /** Status requests in flight at once, across providers. Default 16. */
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
