import { describe, expect, it } from 'vitest'
import type { LearnedDurations } from './duration-learner.js'
import { newHistory, observeError, type PollHistory } from './history.js'
import { DEFAULT_SCHEDULE, planNextPoll, type ScheduleInput } from './schedule.js'

const T0 = 1_000_000

function input(patch: Partial<ScheduleInput> & { history?: PollHistory }): ScheduleInput {
  return {
    now: T0,
    history: newHistory(T0, true),
    state: 'running',
    learned: null,
    timing: null,
    options: DEFAULT_SCHEDULE,
    random: 0.5,
    ...patch,
  }
}

describe('planNextPoll', () => {
  it('polls every maxLag when nothing at all is known', () => {
    const plan = planNextPoll(input({}))
    expect(plan).toMatchObject({ delayMs: 1000, reason: 'no-hint', expectedEndAt: null })
  })

  it('sleeps through the trusted part of a provider ETA, then adds maxLag', () => {
    const history = newHistory(T0, true)
    history.etas.push({ at: T0, value: 20_000 })
    const plan = planNextPoll(input({ history }))
    expect(plan.reason).toBe('provider-eta')
    expect(plan.delayMs).toBe(20_000 * 0.75 + 1000)
    expect(plan.expectedEndAt).toBe(T0 + 20_000)
  })

  it('uses the learned ETA trust instead of the default once known', () => {
    const history = newHistory(T0, true)
    history.etas.push({ at: T0, value: 20_000 })
    const learned = { etaTrust: 0.9 } as LearnedDurations
    expect(planNextPoll(input({ history, learned })).delayMs).toBe(18_000 + 1000)
  })

  it('extrapolates the progress rate when progress moves', () => {
    const history = newHistory(T0 - 10_000, true)
    history.firstProgress = { at: T0 - 10_000, value: 0.1 }
    history.lastProgress = { at: T0, value: 0.5 }
    const plan = planNextPoll(input({ history }))
    // 0.4 per 10 s: 12.5 s left, of which 12.375 s surely (the 0.5 may be rounded down from
    // 0.505); 70% of that is surely still to come.
    expect(plan.reason).toBe('progress')
    expect(plan.expectedEndAt).toBe(T0 + 12_500)
    expect(plan.delayMs).toBe(Math.round(12_375 * 0.7 + 1000))
  })

  it('takes exact progress at its word when told it is not rounded', () => {
    const history = newHistory(T0 - 10_000, true)
    history.firstProgress = { at: T0 - 10_000, value: 0.1 }
    history.lastProgress = { at: T0, value: 0.5 }
    const options = { ...DEFAULT_SCHEDULE, progressStep: 0 }
    expect(planNextPoll(input({ history, options })).delayMs).toBe(Math.round(12_500 * 0.7 + 1000))
  })

  it('near the end counts only what surely remains of a rounded progress', () => {
    const history = newHistory(T0 - 20_000, true)
    history.firstProgress = { at: T0 - 20_000, value: 0 }
    history.lastProgress = { at: T0, value: 0.99 }
    // 0.99 may be 0.995: 101 ms surely left, not 202 ms, so a job ending now is seen 1.07 s
    // late rather than 1.14 s.
    expect(planNextPoll(input({ history })).delayMs).toBe(1071)
    const exact = { ...DEFAULT_SCHEDULE, progressStep: 0 }
    expect(planNextPoll(input({ history, options: exact })).delayMs).toBe(1141)
  })

  it('keeps the gap at maxLag once the earliest end has passed', () => {
    const history = newHistory(T0 - 30_000, true)
    history.etas.push({ at: T0 - 9000, value: 10_000 })
    expect(planNextPoll(input({ history })).delayMs).toBe(1000)
  })

  it('never waits longer than maxIntervalMs however far the end is', () => {
    const history = newHistory(T0, true)
    history.etas.push({ at: T0, value: 3_600_000 })
    expect(planNextPoll(input({ history })).delayMs).toBe(30_000)
  })

  it('uses learned durations as they are, anchored at submit: the first poll one maxLag past the low quantile', () => {
    const learned: LearnedDurations = {
      samples: 20,
      totalLowMs: 15_000,
      totalMedianMs: 20_000,
      totalHighMs: 40_000,
      runLowMs: null,
      runMedianMs: null,
      runHighMs: null,
      etaTrust: null,
      progressTrust: null,
      queueMsPerPosition: null,
    }
    const plan = planNextPoll(input({ learned, state: 'queued' }))
    expect(plan.reason).toBe('learned')
    // The low quantile already counts the jobs found done at their first poll (censored), so
    // no margin is taken off it: the 4 % of jobs faster than 15 s are the ones seen > 1 s late.
    expect(plan.delayMs).toBe(15_000 + 1000)
    expect(plan.expectedEndAt).toBe(T0 + 20_000)
  })

  it('spaces the polls of a queued job by its shortest run ahead (no lag: it must run first)', () => {
    // A long queue without an ETA: past the prior's late point, the overdue gap would be about
    // maxLag; the job still has at least its 8 s run ahead, so 9 s apart costs no lag.
    const history = newHistory(T0 - 70_000, true)
    const timing = { minMs: 8000, typicalMs: 20_000 }
    const queued = planNextPoll(input({ history, timing, state: 'queued' }))
    expect(queued).toMatchObject({ reason: 'overdue', delayMs: 9000 })
    // Running, the same history is polled at the overdue gap.
    const running = planNextPoll(input({ history, timing }))
    expect(running.delayMs).toBe(1000 + 10_000 * 0.1)
    // Nothing known but the state: still the shortest run ahead when a prior gives one.
    expect(planNextPoll(input({ state: 'queued' }))).toMatchObject({
      reason: 'no-hint',
      delayMs: 1000,
    })
  })

  it('falls back to the operation prior before anything is learned', () => {
    const plan = planNextPoll(input({ timing: { minMs: 8000, typicalMs: 20_000 } }))
    expect(plan).toMatchObject({ reason: 'prior', delayMs: 9000, expectedEndAt: T0 + 20_000 })
  })

  it('lets the gap grow with the overrun once a job is overdue, within the ceiling', () => {
    const history = newHistory(T0 - 600_000, true)
    const plan = planNextPoll(input({ history, timing: { minMs: 1000, typicalMs: 10_000 } }))
    expect(plan.reason).toBe('overdue')
    expect(plan.delayMs).toBe(30_000)
    const slightly = planNextPoll(
      input({ history: newHistory(T0 - 35_000, true), timing: { minMs: 1000, typicalMs: 10_000 } }),
    )
    // 5 s past the late point (3 × typical): maxLag plus a tenth of the overrun.
    expect(slightly.delayMs).toBe(1500)
  })

  it('backs off exponentially with jitter after failures, and honours a longer Retry-After', () => {
    const history = newHistory(T0, true)
    const delays: number[] = []
    for (let i = 0; i < 8; i++) {
      observeError(history, undefined)
      delays.push(planNextPoll(input({ history, random: 0 })).delayMs)
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000])
    expect(planNextPoll(input({ history, random: 0.999 })).delayMs).toBeLessThanOrEqual(30_000)
    const limited = newHistory(T0, true)
    observeError(limited, 12_000)
    expect(planNextPoll(input({ history: limited }))).toMatchObject({
      delayMs: 12_000,
      reason: 'retry-after',
    })
  })

  it('keeps the backoff when a Retry-After is shorter, and waits out one past maxIntervalMs', () => {
    const eager = newHistory(T0, true)
    observeError(eager, 200)
    expect(planNextPoll(input({ history: eager }))).toMatchObject({
      delayMs: 750,
      reason: 'error-backoff',
    })
    const long = newHistory(T0, true)
    observeError(long, 45_000)
    expect(planNextPoll(input({ history: long }))).toMatchObject({
      delayMs: 45_000,
      reason: 'retry-after',
    })
  })

  it('never polls sooner than minIntervalMs', () => {
    const plan = planNextPoll(input({ options: { ...DEFAULT_SCHEDULE, maxLagMs: 10 } }))
    expect(plan.delayMs).toBe(250)
  })
})
