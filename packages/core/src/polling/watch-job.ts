import type { JobHandle } from '../model/handle.js'
import type { Job } from '../model/job.js'
import type { ProviderAdapter } from '../spec/adapter.js'
import { SINGLE_JOB, TrackerLoop } from './tracker-loop.js'
import type { JobTrackerOptions } from './tracker-options.js'
import { watchTracked } from './tracker-watch.js'
import type { PollingOptions } from './watch-options.js'

/** Options of {@link watchJob} and {@link waitForJob}. */
export interface WatchOptions extends PollingOptions {
  /** Ends the watch at once with a `DarkroomAbortError`. */
  signal?: AbortSignal | undefined
  /** Called with each changed snapshot, before it is yielded. */
  onUpdate?: ((job: Job) => void) | undefined
  /** A snapshot already in hand (the one `submit` returned): yielded first instead of polling. */
  initial?: Job | undefined
  /** When the job was submitted (epoch ms), when known; lets the engine learn whole durations. */
  submittedAt?: number | undefined
}

/**
 * Watches one job: yields its current snapshot, then each changed one, until it is terminal.
 * The engine decides when to ask again (see `planNextPoll`); transient failures are waited out;
 * the deadline ends the watch with a `DarkroomTimeoutError` carrying the last snapshot.
 *
 * The single-job case of `JobTracker.watch`: a private tracker with no request budget, no
 * cap in flight and the engine's plan taken as it is, closed when the watch ends. To share one
 * poller and one budget between watches, watch through one `JobTracker` instead.
 */
export async function* watchJob(
  adapter: ProviderAdapter,
  handle: JobHandle,
  options: WatchOptions = {},
): AsyncGenerator<Job, void, undefined> {
  const { signal, timeoutMs, initial, submittedAt, onUpdate } = options
  const tracker = new TrackerLoop({
    ...options,
    adapters: [adapter],
    requestsPerSecond: Number.POSITIVE_INFINITY,
    concurrency: Number.POSITIVE_INFINITY,
    useIdleBudget: false,
    maxLagWidening: 1,
    [SINGLE_JOB]: true,
  } as JobTrackerOptions)
  try {
    // One job: its key needs no encoding (which would pull the handle codec into every bundle).
    const watch = watchTracked(tracker, 'job', handle, { signal, timeoutMs, initial, submittedAt })
    for await (const job of watch) {
      onUpdate?.(job)
      yield job
    }
  } finally {
    tracker.close()
  }
}

/** Watches a job to its end and returns the terminal snapshot (`succeeded`, `failed` or `canceled`). */
export async function waitForJob(
  adapter: ProviderAdapter,
  handle: JobHandle,
  options: WatchOptions = {},
): Promise<Job> {
  let last: Job | undefined
  for await (const job of watchJob(adapter, handle, options)) last = job
  return last as Job
}
