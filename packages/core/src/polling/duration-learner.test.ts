import { describe, expect, it } from 'vitest'
import { logNormalQuantile } from '../testing/index.js'
import { DurationLearner } from './duration-learner.js'

const KEY = 'aidge:virtual-model'
const trueQuantile = (p: number) => logNormalQuantile(20_000, 0.5, p)

/** Jobs polled from `firstPoll` every second, as the engine does near the end. */
function record(learner: DurationLearner, durations: number[], firstPoll: number): void {
  for (const ms of durations) {
    if (ms <= firstPoll) learner.record(KEY, { total: { after: 0, by: firstPoll } })
    else {
      const by = firstPoll + Math.ceil((ms - firstPoll) / 1000) * 1000
      learner.record(KEY, { total: { after: by - 1000, by } })
    }
  }
}

describe('DurationLearner', () => {
  it('knows nothing before minSamples finished jobs', () => {
    const learner = new DurationLearner({ minSamples: 3 })
    learner.record(KEY, { total: { after: 9000, by: 10_000 } })
    learner.record(KEY, { total: { after: 11_000, by: 12_000 } })
    expect(learner.estimate(KEY)).toBeNull()
    learner.record(KEY, { total: { after: 13_000, by: 14_000 } })
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
    for (let i = 0; i < 8; i++) learner.record(KEY, { total: { after: 0, by: 30_000 } })
    expect(learner.estimate(KEY)?.totalLowMs).toBe(15_000)
  })

  it('keeps run and total apart, and learns ETA trust and queue speed', () => {
    const learner = new DurationLearner({ minSamples: 1 })
    learner.record(KEY, {
      total: { after: 20_000, by: 20_000 },
      run: { after: 0, by: 18_000 },
      etaRatios: [
        { after: 0.9, by: 0.9 },
        { after: 1.1, by: 1.1 },
        { after: Number.NaN, by: 1 },
        { after: 0, by: -1 },
      ],
      queueMsPerPosition: [400],
    })
    expect(learner.estimate(KEY)).toMatchObject({
      samples: 1,
      totalMedianMs: 20_000,
      runLowMs: 9000,
      queueMsPerPosition: 400,
      etaTrust: 0.9,
    })
  })

  it('learns ETA trust from ETAs a poll found already passed, without trusting ETAs more each time', () => {
    const learner = new DurationLearner()
    // Jobs end at 0.8–1.3 of their ETA. Those polled at 0.85 of it and found done are censored
    // there: they count against ratios up to 0.85, not as ending at it.
    for (let i = 0; i < 200; i++) {
      const ratio = 0.8 + (0.5 * ((i * 37) % 200)) / 200
      learner.record(KEY, {
        etaRatios: [ratio <= 0.85 ? { after: 0, by: 0.85 } : { after: ratio - 0.01, by: ratio }],
        total: { after: 1, by: 2 },
      })
    }
    const trust = learner.estimate(KEY)?.etaTrust as number
    expect(trust).toBeLessThan(0.82)
    expect(trust).toBeGreaterThan(0.7)
  })

  it('refuses quantiles that do not bracket the median, saying which it got', () => {
    expect(() => new DurationLearner({ lowQuantile: 0.6 })).toThrow(/lowQuantile.*got 0.6/)
    expect(() => new DurationLearner({ highQuantile: 1 })).toThrow(RangeError)
  })
})
