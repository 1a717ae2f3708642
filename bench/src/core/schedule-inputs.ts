import { DurationLearner } from '@darkroom/core'
import { DEFAULT_SCHEDULE, type PollHistory, type ScheduleInput } from '@darkroom/core/engine'

const T0 = Date.UTC(2024, 5, 11, 8, 0, 0)

function history(overrides: Partial<PollHistory>): PollHistory {
  return {
    startedAt: T0,
    startKnown: true,
    lastQueuedAt: T0 + 1000,
    firstRunningAt: T0 + 6000,
    lastPendingAt: T0 + 12_000,
    firstProgress: null,
    lastProgress: null,
    etas: [],
    progressEtas: [],
    firstQueue: null,
    lastQueue: null,
    polls: 4,
    consecutiveErrors: 0,
    retryAfterMs: null,
    ...overrides,
  }
}

/** A learner that has seen 256 jobs like the polling workload's. */
function trainedLearner(): DurationLearner {
  const learner = new DurationLearner()
  for (let i = 0; i < 256; i++) {
    const run = 20_000 * Math.exp(0.5 * Math.sin(i * 12.9898) * 1.6)
    const exactly = (ms: number) => ({ after: ms - 500, by: ms + 500 })
    const ratio = 0.85 + (0.3 * ((i * 7919) % 100)) / 100
    learner.record('bench:render', {
      total: exactly(run + 3000),
      run: exactly(run),
      etaRatios: [{ after: ratio - 0.02, by: ratio + 0.02 }],
      queueMsPerPosition: [900],
    })
  }
  return learner
}

/**
 * One scheduling decision per kind of hint, each from a realistic mid-job history: the
 * provider's ETA (speedpix), progress extrapolation (aicontent), learned durations (aidge), and
 * a failed poll's backoff.
 */
export function scheduleInputs(): Record<string, ScheduleInput> {
  const learned = trainedLearner().estimate('bench:render')
  const common = {
    now: T0 + 12_000,
    state: 'running' as const,
    learned,
    timing: { minMs: 4000, typicalMs: 15_000 },
    options: DEFAULT_SCHEDULE,
    random: 0.42,
  }
  return {
    'provider-eta': {
      ...common,
      history: history({
        etas: [
          { at: T0 + 6000, value: 19_000 },
          { at: T0 + 12_000, value: 12_500 },
        ],
      }),
    },
    progress: {
      ...common,
      history: history({
        firstProgress: { at: T0 + 6000, value: 0.05 },
        lastProgress: { at: T0 + 12_000, value: 0.35 },
      }),
    },
    learned: { ...common, history: history({}) },
    'error-backoff': { ...common, history: history({ consecutiveErrors: 2 }) },
  }
}
