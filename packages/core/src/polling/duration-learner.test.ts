import { describe, expect, it } from 'vitest'
import { logNormalQuantile } from '../testing/index.js'
import { DurationLearner } from './duration-learner.js'

const KEY = 'aidge:virtual-model'
const trueQuantile = (p: number) => logNormalQuantile(20_000, 0.5, p)

/** Jobs polled from `firstPoll` every second, as the engine does near the end. */
function record(learner: DurationLearner, durations: number[], firstPoll: number): void {
  for (const ms of durations) {
    if (ms <= firstPoll) learner.record(KEY, { total: { afterMs: 0, byMs: firstPoll } })
    else {
      const byMs = firstPoll + Math.ceil((ms - firstPoll) / 1000) * 1000
      learner.record(KEY, { total: { afterMs: byMs - 1000, byMs } })
    }
  }
}

describe('DurationLearner', () => {
  it('knows nothing before minSamples finished jobs', () => {
    const learner = new DurationLearner({ minSamples: 3 })
    learner.record(KEY, { total: { afterMs: 9000, byMs: 10_000 } })
    learner.record(KEY, { total: { afterMs: 11_000, byMs: 12_000 } })
    expect(learner.estimate(KEY)).toBeNull()
    learner.record(KEY, { total: { afterMs: 13_000, byMs: 14_000 } })
    expect(learner.estimate(KEY)).toMatchObject({ samples: 3, totalMedianMs: 11_250 })
  })

  it('learns the low quantile below a first poll that found many jobs already done', () => {
    const learner = new DurationLearner()
    const durations = Array.from({ length: 256 }, (_, i) =>
      trueQuantile((((i * 97) % 256) + 0.5) / 256),
    )
    // A first poll placed too late (at the 12 % point) finds an eighth of the jobs done.
    record(learner, durations, trueQuantile(0.12))
    const learned = learner.estimate(KEY)
    expect(Math.abs((learned?.totalLowMs as number) / trueQuantile(0.04) - 1)).toBeLessThan(0.04)
    expect(Math.abs((learned?.totalMedianMs as number) / trueQuantile(0.5) - 1)).toBeLessThan(0.04)
    expect(learned?.totalHighMs).toBeGreaterThan(trueQuantile(0.97))
  })

  it('moves the low end earlier while every job is found done at its first poll', () => {
    const learner = new DurationLearner()
    for (let i = 0; i < 8; i++) learner.record(KEY, { total: { afterMs: 0, byMs: 30_000 } })
    expect(learner.estimate(KEY)?.totalLowMs).toBe(15_000)
  })

  it('keeps run and total apart, and ETA ratios and queue speeds as plain quantiles', () => {
    const learner = new DurationLearner({ minSamples: 1 })
    learner.record(KEY, {
      total: { afterMs: 20_000, byMs: 20_000 },
      run: { afterMs: 0, byMs: 18_000 },
      etaRatios: [0.9, 1.1, Number.NaN, -1],
      queueMsPerPosition: [400],
    })
    expect(learner.estimate(KEY)).toMatchObject({
      samples: 1,
      totalMedianMs: 20_000,
      runLowMs: 9000,
      queueMsPerPosition: 400,
    })
    expect(learner.estimate(KEY)?.etaTrust).toBeCloseTo(0.91, 9)
  })

  it('refuses quantiles that do not bracket the median, saying which it got', () => {
    expect(() => new DurationLearner({ lowQuantile: 0.6 })).toThrow(/lowQuantile.*got 0.6/)
    expect(() => new DurationLearner({ highQuantile: 1 })).toThrow(RangeError)
  })
})
