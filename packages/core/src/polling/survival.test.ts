import { describe, expect, it } from 'vitest'
import { logNormalQuantile, normalQuantile } from '../testing/index.js'
import { type Bounds, curveQuantile, durationCurve, lowTailQuantile, probit } from './survival.js'

const seen = (ms: number): Bounds => ({ after: ms, by: ms })
const censored = (by: number): Bounds => ({ after: 0, by })

/** n durations at the plotting positions of a log-normal (median 20 s, sigma 0.5). */
function logNormal(n: number): number[] {
  return Array.from({ length: n }, (_, i) => trueQuantile((i + 0.5) / n))
}
const trueQuantile = (p: number) => logNormalQuantile(20_000, 0.5, p)

describe('durationCurve', () => {
  it('is the empirical distribution when every job was seen ending', () => {
    const curve = durationCurve([seen(30), seen(10), seen(20), seen(20)])
    expect(curve).toEqual({ at: [10, 20, 30], cdf: [0.25, 0.75, 1], unplaced: 0, minMs: 10 })
  })

  it('shares a job found done at its first poll among the jobs seen ending before that poll', () => {
    // Done by 25 s: it ended at 10 s or 20 s as likely as those did, not at 25 s.
    const curve = durationCurve([seen(10), seen(20), censored(25), seen(30)])
    expect(curve?.at).toEqual([10, 20, 30])
    expect(curve?.cdf).toEqual([0.375, 0.75, 1])
  })

  it('splits a gap between its halves: a long skip says little of when within it the job ended', () => {
    const curve = durationCurve([{ after: 10_000, by: 14_000 }])
    expect(curve).toMatchObject({ at: [11_000, 13_000], cdf: [0.5, 1], unplaced: 0 })
  })

  it('leaves unplaced the share that ended before anything was seen ending', () => {
    const curve = durationCurve([censored(5), seen(10), seen(20)])
    expect(curve?.unplaced).toBeCloseTo(1 / 3, 12)
    expect(curve && curveQuantile(curve, 0.25)).toBeNull()
    expect(curve && curveQuantile(curve, 0.5)).toBe(10)
    expect(curve && curveQuantile(curve, 0.99)).toBe(20)
  })

  it('is null without samples', () => {
    expect(durationCurve([])).toBeNull()
  })
})

describe('lowTailQuantile', () => {
  it('recovers a log-normal low quantile from below the earliest first poll', () => {
    // Every job shorter than the first poll (the fastest 10 %) was found done at it.
    const firstPoll = trueQuantile(0.1)
    const samples = logNormal(400).map((ms) => (ms <= firstPoll ? censored(firstPoll) : seen(ms)))
    const curve = durationCurve(samples)
    if (!curve) throw new Error('no curve')
    expect(curveQuantile(curve, 0.04)).toBeNull()
    const low = lowTailQuantile(curve, 0.04) as number
    expect(Math.abs(low / trueQuantile(0.04) - 1)).toBeLessThan(0.02)
    // Recording those jobs as ending at the first poll would have put 4 % at the poll itself.
    expect(low).toBeLessThan(firstPoll * 0.9)
  })

  it('is null with fewer than three steps in the lower half, or none rising', () => {
    const few = durationCurve([seen(10), seen(20), seen(30), seen(40)])
    expect(few && lowTailQuantile(few, 0.04)).toBeNull()
    const flat = durationCurve(Array.from({ length: 9 }, () => seen(22_000)))
    expect(flat && lowTailQuantile(flat, 0.04)).toBeNull()
  })
})

describe('probit', () => {
  it('is the normal quantile to within 0.05 over the shares a curve holds', () => {
    for (let p = 0.001; p < 0.999; p += 0.001) {
      expect(Math.abs(probit(p) - normalQuantile(p))).toBeLessThan(0.05)
    }
  })
})
