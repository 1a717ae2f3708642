import { DarkroomAbortError, DarkroomError, ResponseValidationError } from '../errors/index.js'
import { isTerminalState, type Job } from '../model/job.js'
import type { OperationTiming } from '../spec/adapter.js'
import type { DurationLearner } from './duration-learner.js'
import { learnFrom, newHistory, observe, observeError, type PollHistory } from './history.js'
import { type PollPlan, planNextPoll, type ScheduleOptions } from './schedule.js'
import { normalizeSnapshot, snapshotChanged } from './snapshot.js'

/** Unexpected answers in a row tolerated before the watch gives up (one garbled answer is noise). */
const MAX_UNEXPECTED_IN_A_ROW = 3

/** What became of one snapshot. */
export interface Accepted {
  job: Job
  changed: boolean
  terminal: boolean
}

/**
 * The per-job state both `watchJob` and `JobTracker` keep: history, last snapshot and what to do
 * with each answer or failure. It never sleeps or calls anything itself.
 */
export class JobPoller {
  readonly history: PollHistory
  readonly key: string
  last: Job | null = null
  plan: PollPlan | null = null
  #unexpectedInARow = 0

  constructor(
    readonly timing: OperationTiming | null,
    readonly learner: DurationLearner,
    readonly options: ScheduleOptions,
    key: string,
    startedAt: number,
    startKnown: boolean,
  ) {
    this.key = key
    this.history = newHistory(startedAt, startKnown)
  }

  /** Folds in a fresh snapshot; learns from it when it is the job's successful end. */
  accept(raw: Job, now: number): Accepted {
    this.#unexpectedInARow = 0
    if (this.history.polls === 0 && raw.createdAt && !this.history.startKnown) {
      const created = Date.parse(raw.createdAt)
      if (!Number.isNaN(created) && created <= now) {
        this.history.startedAt = created
        this.history.startKnown = true
      }
    }
    this.history.polls += 1
    observe(this.history, raw, now)
    const terminal = isTerminalState(raw.state)
    if (terminal && raw.state === 'succeeded')
      this.learner.record(this.key, learnFrom(this.history, now))
    this.plan = terminal ? null : this.#plan(now, raw.state as 'queued' | 'running', 0.5)
    const job = normalizeSnapshot(this.last, raw, this.plan?.expectedEndAt ?? null, now)
    const changed = snapshotChanged(this.last, job)
    this.last = job
    return { job, changed, terminal }
  }

  /**
   * Decides whether a failed poll is waited out (returns normally) or ends the watch (throws).
   * Transient failures never end a job before its deadline and never cause a resubmit.
   */
  reject(error: unknown): void {
    if (DarkroomAbortError.isInstance(error)) throw error
    if (ResponseValidationError.isInstance(error)) {
      if (++this.#unexpectedInARow >= MAX_UNEXPECTED_IN_A_ROW) throw error
    } else if (!DarkroomError.isInstance(error) || !error.retryable) {
      throw error
    }
    this.history.polls += 1
    // Any Darkroom error may carry a wait: a provider's, or a gateway's in the remote client.
    observeError(this.history, error.retryAfterMs)
  }

  /** The delay before the next poll, after `accept` or `reject`. */
  nextDelay(now: number, random: number): PollPlan {
    const state = this.last?.state === 'queued' ? 'queued' : 'running'
    this.plan = this.#plan(now, state, random)
    return this.plan
  }

  #plan(now: number, state: 'queued' | 'running', random: number): PollPlan {
    return planNextPoll({
      now,
      history: this.history,
      state,
      learned: this.learner.estimate(this.key),
      timing: this.timing,
      options: this.options,
      random,
    })
  }
}
