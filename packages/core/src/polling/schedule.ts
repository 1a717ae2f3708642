import { backoffDelay } from '../http/backoff.js'
import type { OperationTiming } from '../spec/adapter.js'
import type { LearnedDurations } from './duration-learner.js'
import type { PollHistory } from './history.js'

/** Tuning of the scheduler. Every field has a default; see {@link DEFAULT_SCHEDULE}. */
export interface ScheduleOptions {
  /** Never poll one job more often than this. */
  minIntervalMs: number
  /** Never leave a job unpolled longer than this, however far its end seems. */
  maxIntervalMs: number
  /** How late completion may be noticed near the expected end: the gap there. */
  maxLagMs: number
  /** Share of a provider ETA that surely passes before the job ends, until learned. */
  etaTrust: number
  /** Share of the progress-extrapolated remaining time that surely passes, until learned. */
  progressTrust: number
  /** The step providers round progress to (0.01: whole percent); 0 when it is exact. */
  progressStep: number
  /** Share of the learned queue speed that surely holds. */
  queueTrust: number
  /** First backoff ceiling after a failed poll; doubles per failure (core's `backoffDelay`). */
  errorBaseMs: number
  /** Largest backoff ceiling after failed polls. */
  errorCapMs: number
  /** Past the estimate's late point, the gap grows by this share of the overrun (from maxLagMs). */
  overdueGrowth: number
}

/** The defaults: lag of at most 1 s near the end, at most 30 s between polls far from it. */
export const DEFAULT_SCHEDULE: ScheduleOptions = {
  minIntervalMs: 250,
  maxIntervalMs: 30_000,
  maxLagMs: 1000,
  etaTrust: 0.75,
  progressTrust: 0.7,
  progressStep: 0.01,
  queueTrust: 0.5,
  errorBaseMs: 1000,
  errorCapMs: 30_000,
  overdueGrowth: 0.1,
}

/** Everything the scheduler looks at. */
export interface ScheduleInput {
  now: number
  history: PollHistory
  /** `queued`/`running` of the latest snapshot (the scheduler is not asked for terminal jobs). */
  state: 'queued' | 'running'
  /** What was learned of this provider and operation, if anything yet. */
  learned: LearnedDurations | null
  /** The operation's prior, used until enough is learned. */
  timing: OperationTiming | null
  options: ScheduleOptions
  /** A uniform draw in [0, 1) for jitter; passed in so the function stays pure. */
  random: number
}

/** Which hint decided a delay. */
export type ScheduleReason =
  | 'provider-eta'
  | 'progress'
  | 'queue'
  | 'learned'
  | 'prior'
  | 'no-hint'
  | 'overdue'
  | 'error-backoff'
  | 'retry-after'

/** The scheduler's answer. */
export interface PollPlan {
  /** Wait this long before the next status call. */
  delayMs: number
  reason: ScheduleReason
  /** When the job is expected to end, epoch ms, or null with no hint at all. */
  expectedEndAt: number | null
  /** When the job may end at the earliest, epoch ms, or null. */
  earliestEndAt: number | null
}

interface Estimate {
  reason: ScheduleReason
  earliest: number
  expected: number
  /** Past this the estimate is clearly wrong and the job overdue. */
  late: number | null
}

/** The best estimate of when the job ends, from the most specific hint available. */
export function estimateEnd(input: Omit<ScheduleInput, 'random'>): Estimate | null {
  const { history: h, learned, timing, options: o, state } = input
  const lastEta = h.etas.at(-1)
  if (lastEta) {
    const trust = learned?.etaTrust != null ? Math.min(1, learned.etaTrust) : o.etaTrust
    const expected = lastEta.at + lastEta.value
    return {
      reason: 'provider-eta',
      earliest: lastEta.at + lastEta.value * trust,
      expected,
      late: lastEta.at + lastEta.value / trust,
    }
  }
  const { firstProgress: p0, lastProgress: p1 } = h
  if (state === 'running' && p0 && p1 && p1.at > p0.at && p1.value > p0.value) {
    const rate = (p1.value - p0.value) / (p1.at - p0.at)
    const remaining = (1 - p1.value) / rate
    // A rounded progress may be up to half a step short of the truth: near the end that half
    // step is most of what is left, and ignoring it would put the next poll past the end.
    const surelyLeft = Math.max(0, 1 - p1.value - o.progressStep / 2) / rate
    const trust = Math.min(1, learned?.progressTrust ?? o.progressTrust)
    return {
      reason: 'progress',
      earliest: p1.at + surelyLeft * trust,
      expected: p1.at + remaining,
      late: p1.at + remaining / trust,
    }
  }
  // The run began after the last poll that saw the job queued. Anchoring there (as the learner
  // does) errs on the side of polling early, so a long queue-to-run gap never adds lag.
  const runStart = h.firstRunningAt === null ? null : h.lastQueuedAt
  // Learned low durations already say how many jobs end earlier (the learner's low quantile,
  // censoring included), so they are used as they are. Past the high quantile by as much again
  // as it lies past the median, the estimate was wrong: only then does the gap start to grow.
  const late = (start: number, median: number, high: number | null) =>
    start + (high === null ? median * 2 : 2 * high - median)
  if (learned) {
    if (
      state === 'running' &&
      runStart !== null &&
      learned.runLowMs !== null &&
      learned.runMedianMs !== null
    ) {
      return {
        reason: 'learned',
        earliest: runStart + learned.runLowMs,
        expected: runStart + learned.runMedianMs,
        late: late(runStart, learned.runMedianMs, learned.runHighMs),
      }
    }
    if (
      state === 'queued' &&
      h.lastQueue &&
      learned.queueMsPerPosition !== null &&
      learned.runLowMs !== null
    ) {
      const queueLeft = h.lastQueue.value * learned.queueMsPerPosition
      const runMedian = learned.runMedianMs ?? learned.runLowMs
      return {
        reason: 'queue',
        earliest: h.lastQueue.at + queueLeft * o.queueTrust + learned.runLowMs,
        expected: h.lastQueue.at + queueLeft + runMedian,
        late: null,
      }
    }
    if (learned.totalLowMs !== null && learned.totalMedianMs !== null && h.startKnown) {
      return {
        reason: 'learned',
        earliest: h.startedAt + learned.totalLowMs,
        expected: h.startedAt + learned.totalMedianMs,
        late: late(h.startedAt, learned.totalMedianMs, learned.totalHighMs),
      }
    }
  }
  if (timing && h.startKnown) {
    return {
      reason: 'prior',
      earliest: h.startedAt + timing.minMs,
      expected: h.startedAt + timing.typicalMs,
      late: h.startedAt + timing.typicalMs * 3,
    }
  }
  return null
}

/**
 * Picks the delay before the next status call: a pure function of the job's history and the
 * hints, so it can be tested exhaustively and reasoned about.
 *
 * - After a failed poll: core's `backoffDelay` (exponential, half jittered), or the provider's
 *   `Retry-After` when that is longer.
 * - Otherwise the most specific hint (provider ETA > progress rate > learned queue speed >
 *   learned durations > the operation's prior) gives the earliest plausible end E. Until E
 *   nothing can be learned by asking, so the next poll is at E + maxLag: completion is then
 *   noticed at most maxLag late. Once past E, polls come every maxLag.
 * - Past the estimate's "late" point the estimate was wrong; the gap starts at maxLag and grows
 *   with the overrun, so a stuck job does not cost a request per maxLag forever.
 * - Always within [minIntervalMs, maxIntervalMs].
 */
export function planNextPoll(input: ScheduleInput): PollPlan {
  const { now, history: h, options: o } = input
  const estimate = estimateEnd(input)
  const clamp = (ms: number) => Math.min(o.maxIntervalMs, Math.max(o.minIntervalMs, Math.round(ms)))
  const base = {
    expectedEndAt: estimate ? Math.round(estimate.expected) : null,
    earliestEndAt: estimate ? Math.round(estimate.earliest) : null,
  }
  if (h.consecutiveErrors > 0) {
    const delayMs = backoffDelay({
      attempt: h.consecutiveErrors,
      random: input.random,
      baseMs: o.errorBaseMs,
      capMs: o.errorCapMs,
      retryAfterMs: h.retryAfterMs,
    })
    // The provider's wait decided it: honoured even past maxIntervalMs (asking sooner would only
    // be refused again).
    if (h.retryAfterMs !== null && delayMs === Math.round(h.retryAfterMs)) {
      return { ...base, delayMs: Math.max(o.minIntervalMs, delayMs), reason: 'retry-after' }
    }
    return { ...base, delayMs: clamp(delayMs), reason: 'error-backoff' }
  }
  // A job still queued has its whole run ahead: it cannot end sooner than the shortest run from
  // now, so polls that far apart (plus maxLag) see it running, or done at most maxLag late. It
  // costs no lag, and spares a long queue without an ETA a poll every maxLag.
  const runAhead = input.state === 'queued' ? shortestRunMs(input) : 0
  if (!estimate) return { ...base, delayMs: clamp(runAhead + o.maxLagMs), reason: 'no-hint' }
  if (estimate.late !== null && now > estimate.late) {
    // Continuous at the late point (the gap is maxLag there) and growing with the overrun after.
    const gap = Math.max(
      o.maxLagMs + (now - estimate.late) * o.overdueGrowth,
      runAhead + o.maxLagMs,
    )
    return { ...base, delayMs: clamp(gap), reason: 'overdue' }
  }
  const untilEarliest = Math.max(0, estimate.earliest - now, runAhead)
  return { ...base, delayMs: clamp(untilEarliest + o.maxLagMs), reason: estimate.reason }
}

/**
 * The shortest run a queued job still has ahead: the learned low run time, else the operation's
 * prior minimum (a job that never queues takes at least that long to run), else 0.
 */
function shortestRunMs(input: ScheduleInput): number {
  return input.learned?.runLowMs ?? input.timing?.minMs ?? 0
}
