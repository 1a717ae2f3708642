// @darkroom/core/engine: the polling engine's internals — the pure schedule and its inputs, what
// is learned from finished jobs, the token bucket, the one backoff, snapshot helpers. The root
// export has what watching jobs needs; this is for transports that wrap the engine (the client's)
// and for benchmarks that measure it. `canonicalJson` is the snapshot comparison's key-ordered JSON,
// which the gateway also fingerprints requests with.
export { abortReason, InFlight, SleeperQueue } from './clock/index.js'
export { type BackoffInput, backoffDelay, parseRetryAfter } from './http/index.js'
export { canonicalJson } from './model/canonical-json.js'
export {
  continueFrom,
  DEFAULT_SCHEDULE,
  type DurationSample,
  defaultLearner,
  estimateEnd,
  type LearnedDurations,
  normalizeSnapshot,
  type PollHistory,
  type PollPlan,
  planNextPoll,
  type ScheduleInput,
  type ScheduleOptions,
  type ScheduleReason,
  snapshotChanged,
  TokenBucket,
} from './polling/index.js'
