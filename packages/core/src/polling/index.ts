export {
  DurationLearner,
  type DurationLearnerOptions,
  type DurationSample,
  defaultLearner,
  type LearnedDurations,
} from './duration-learner.js'
export {
  learnFrom,
  newHistory,
  type Observation,
  observe,
  observeError,
  type PollHistory,
} from './history.js'
export { JobTracker } from './job-tracker.js'
export {
  DEFAULT_SCHEDULE,
  estimateEnd,
  type PollPlan,
  planNextPoll,
  type ScheduleInput,
  type ScheduleOptions,
  type ScheduleReason,
} from './schedule.js'
export { continueFrom, normalizeSnapshot, snapshotChanged } from './snapshot.js'
export { TokenBucket } from './token-bucket.js'
export type {
  JobTrackerOptions,
  ProviderBudgetStats,
  TrackerEvent,
  TrackerStats,
  TrackerWatchOptions,
  TrackOptions,
} from './tracker-options.js'
export { type WatchOptions, waitForJob, watchJob } from './watch-job.js'
export { DEFAULT_TIMEOUT_MS, type PollingOptions } from './watch-options.js'
