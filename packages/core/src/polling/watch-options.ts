import type { Clock } from '../clock/clock.js'
import type { DurationLearner } from './duration-learner.js'
import { DEFAULT_SCHEDULE, type ScheduleOptions } from './schedule.js'

/** Scheduling knobs shared by `watchJob` and `JobTracker`; each defaults to {@link DEFAULT_SCHEDULE}. */
export interface PollingOptions {
  /** How late completion may be noticed near the expected end. Default 1000 ms. */
  maxLagMs?: number | undefined
  /** Never poll one job more often than this. Default 250 ms. */
  minIntervalMs?: number | undefined
  /** Never leave a pending job unpolled longer than this. Default 30 000 ms. */
  maxIntervalMs?: number | undefined
  /** Whole-job deadline in milliseconds from the start of the watch. Default one hour. */
  timeoutMs?: number | undefined
  /** Timeout of one status call. Default: the adapter's (30 s). */
  requestTimeoutMs?: number | undefined
  /** Time source. Default: the wall clock. Pass a `VirtualClock` to test in virtual time. */
  clock?: Clock | undefined
  /** Where durations are learned. Default: one learner shared by the whole process. */
  learner?: DurationLearner | undefined
  /** Jitter source in [0, 1). Default `Math.random`. */
  random?: (() => number) | undefined
  /** Keep the provider's payload in `Job.raw`. */
  raw?: boolean | undefined
}

/** The default whole-job deadline: one hour. */
export const DEFAULT_TIMEOUT_MS = 3_600_000

/** Fills the schedule options from the caller's, keeping defaults for the rest. */
export function scheduleFrom(options: PollingOptions): ScheduleOptions {
  return {
    ...DEFAULT_SCHEDULE,
    ...(options.maxLagMs !== undefined && { maxLagMs: options.maxLagMs }),
    ...(options.minIntervalMs !== undefined && { minIntervalMs: options.minIntervalMs }),
    ...(options.maxIntervalMs !== undefined && { maxIntervalMs: options.maxIntervalMs }),
  }
}
