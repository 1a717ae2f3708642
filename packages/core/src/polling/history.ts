import { isTerminalState, type Job } from '../model/job.js'
import type { DurationSample } from './duration-learner.js'

/** A value seen at a time. */
export interface Observation {
  at: number
  value: number
}

/**
 * What the engine remembers of one job between polls: the hints the provider gave and when.
 * Plain data, updated by {@link observe}, read by the pure scheduling function.
 */
export interface PollHistory {
  /** When the job was submitted, or first seen when that is unknown. */
  startedAt: number
  /** Whether `startedAt` is the real submit time (watched from submit, or provider `createdAt`). */
  startKnown: boolean
  /** Last poll that saw the job queued. */
  lastQueuedAt: number | null
  /** First poll that saw the job running (or further) after a queued one. */
  firstRunningAt: number | null
  /** Last poll that saw the job not yet terminal. */
  lastPendingAt: number | null
  firstProgress: Observation | null
  lastProgress: Observation | null
  /** Provider ETAs in milliseconds, the most recent last (a few are kept for learning). */
  etas: Observation[]
  /** Remaining milliseconds extrapolated from progress at each poll that moved it, likewise. */
  progressEtas: Observation[]
  firstQueue: Observation | null
  lastQueue: Observation | null
  /** Status calls made so far. */
  polls: number
  /** Transient failures in a row; reset by the next good answer. */
  consecutiveErrors: number
  /** The provider's requested wait after the last failure, if any. */
  retryAfterMs: number | null
}

const MAX_ETAS = 8

/** A fresh history for a job first seen at `at` (its submit time when `startKnown`). */
export function newHistory(at: number, startKnown: boolean): PollHistory {
  return {
    startedAt: at,
    startKnown,
    lastQueuedAt: null,
    firstRunningAt: null,
    lastPendingAt: null,
    firstProgress: null,
    lastProgress: null,
    etas: [],
    progressEtas: [],
    firstQueue: null,
    lastQueue: null,
    polls: 0,
    consecutiveErrors: 0,
    retryAfterMs: null,
  }
}

/** Keeps the first forecast and the latest ones, `MAX_ETAS` in all. */
function remember(list: Observation[], forecast: Observation): void {
  list.push(forecast)
  if (list.length > MAX_ETAS) list.splice(1, 1)
}

/** Folds one successful snapshot into the history. */
export function observe(history: PollHistory, job: Job, at: number): void {
  history.consecutiveErrors = 0
  history.retryAfterMs = null
  if (job.state === 'queued') history.lastQueuedAt = at
  else if (history.firstRunningAt === null && history.lastQueuedAt !== null)
    history.firstRunningAt = at
  if (!isTerminalState(job.state)) history.lastPendingAt = at
  if (job.progress !== null && job.state === 'running') {
    const obs = { at, value: job.progress }
    history.firstProgress ??= obs
    const p0 = history.firstProgress
    if (history.lastProgress === null || obs.value >= history.lastProgress.value)
      history.lastProgress = obs
    if (obs.value > p0.value && obs.value < 1) {
      const rate = (obs.value - p0.value) / (at - p0.at)
      remember(history.progressEtas, { at, value: (1 - obs.value) / rate })
    }
  }
  if (job.etaSeconds !== null && job.etaSource === 'provider' && !isTerminalState(job.state)) {
    remember(history.etas, { at, value: job.etaSeconds * 1000 })
  }
  if (job.queuePosition !== null && job.state === 'queued') {
    const obs = { at, value: job.queuePosition }
    if (history.firstQueue === null) history.firstQueue = obs
    history.lastQueue = obs
  }
}

/** Records a transient failure of a poll. */
export function observeError(history: PollHistory, retryAfterMs: number | undefined): void {
  history.consecutiveErrors += 1
  history.retryAfterMs = retryAfterMs ?? null
}

/**
 * What a job that just succeeded (seen at `doneAt`) teaches. Completion happened after the last
 * poll that saw the job pending and no later than `doneAt`: durations are recorded as those
 * bounds, so a job found done at its first poll (seen pending only at the anchor, or never)
 * counts as ended at some unknown time before it, not at the time the engine had planned. Run
 * time is measured from the last poll that saw the job queued, the same anchor the scheduler
 * uses, so what is learned and how it is applied agree. Each provider ETA seen, and each
 * remaining time extrapolated from progress, gives the same bounds in units of itself (actual
 * remaining time over the forecast), censored when no poll after it saw the job pending.
 */
export function learnFrom(history: PollHistory, doneAt: number): DurationSample {
  const pending = Math.min(doneAt, history.lastPendingAt ?? doneAt)
  const bounds = (anchor: number, unit = 1) => ({
    after: history.lastPendingAt === null ? 0 : (pending - anchor) / unit,
    by: (doneAt - anchor) / unit,
  })
  const sample: DurationSample = {}
  if (history.startKnown) sample.total = bounds(history.startedAt)
  // A job seen queued and next seen done ran for some unknown part of that gap: censored too,
  // and left out it would teach that runs are longer than they are.
  if (history.lastQueuedAt !== null) sample.run = bounds(history.lastQueuedAt)
  const ratios = (forecasts: Observation[]) =>
    forecasts.filter((e) => e.value > 0).map((e) => bounds(e.at, e.value))
  sample.etaRatios = ratios(history.etas)
  sample.progressRatios = ratios(history.progressEtas)
  const { firstQueue, lastQueue } = history
  if (firstQueue && lastQueue && firstQueue.value > lastQueue.value) {
    sample.queueMsPerPosition = [
      (lastQueue.at - firstQueue.at) / (firstQueue.value - lastQueue.value),
    ]
  }
  return sample
}
