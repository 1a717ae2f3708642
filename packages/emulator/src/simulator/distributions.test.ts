import { describe, expect, it } from 'vitest'
import { type Distribution, sample } from './distributions.js'
import { createRng } from './rng.js'

function median(dist: Distribution, seed = 1): number {
  const rng = createRng(seed)
  const xs = Array.from({ length: 10_000 }, () => sample(dist, rng)).sort((a, b) => a - b)
  return xs[5000] as number
}

describe('sample', () => {
  it('returns fixed durations exactly, rounded to whole milliseconds', () => {
    expect(sample({ kind: 'fixed', ms: 1500 }, createRng(1))).toBe(1500)
    expect(sample({ kind: 'fixed', ms: 2.6 }, createRng(1))).toBe(3)
  })

  it('keeps uniform draws in range, centred between the bounds', () => {
    const rng = createRng(2)
    for (let i = 0; i < 1000; i++) {
      const ms = sample({ kind: 'uniform', minMs: 100, maxMs: 200 }, rng)
      expect(ms >= 100 && ms <= 200 && Number.isInteger(ms)).toBe(true)
    }
    expect(median({ kind: 'uniform', minMs: 1000, maxMs: 3000 })).toBeCloseTo(2000, -2)
  })

  it('centres lognormal draws on the median and clamps the tails', () => {
    const m = median({ kind: 'lognormal', medianMs: 30_000, sigma: 0.6 })
    expect(Math.abs(m - 30_000) / 30_000).toBeLessThan(0.05)
    const rng = createRng(3)
    for (let i = 0; i < 2000; i++) {
      const ms = sample(
        { kind: 'lognormal', medianMs: 1000, sigma: 2, minMs: 500, maxMs: 2000 },
        rng,
      )
      expect(ms >= 500 && ms <= 2000).toBe(true)
    }
  })

  it('gives exponential draws the median mean·ln 2', () => {
    const m = median({ kind: 'exponential', meanMs: 10_000 })
    expect(Math.abs(m - 10_000 * Math.LN2) / (10_000 * Math.LN2)).toBeLessThan(0.05)
  })

  it('rejects parameters that describe no duration', () => {
    const rng = createRng(1)
    expect(() => sample({ kind: 'fixed', ms: -1 }, rng)).toThrow(RangeError)
    expect(() => sample({ kind: 'uniform', minMs: 5, maxMs: 1 }, rng)).toThrow(RangeError)
    expect(() => sample({ kind: 'lognormal', medianMs: Number.NaN, sigma: 1 }, rng)).toThrow()
    expect(() => sample({ kind: 'exponential', meanMs: -5 }, rng)).toThrow(RangeError)
  })
})
