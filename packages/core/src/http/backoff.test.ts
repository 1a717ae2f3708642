import { describe, expect, it } from 'vitest'
import { backoffDelay } from './backoff.js'

/** A seeded uniform source (mulberry32), so the property checks below see the same draws each run. */
function seeded(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

describe('backoffDelay', () => {
  it('doubles from 1 s to a 30 s ceiling by default, waiting between half the ceiling and all of it', () => {
    const low = [1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => backoffDelay({ attempt, random: 0 }))
    const high = [1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => backoffDelay({ attempt, random: 1 }))
    expect(low).toEqual([500, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000])
    expect(high).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000])
    expect(backoffDelay({ attempt: 1, random: 0.5 })).toBe(750)
    // Far past the cap the doubling must not overflow into Infinity or NaN.
    expect(backoffDelay({ attempt: 5000, random: 0.5 })).toBe(22_500)
  })

  it('takes its base and cap from the caller', () => {
    const delays = [1, 2, 3, 4, 5, 6].map((attempt) =>
      backoffDelay({ attempt, random: 0, baseMs: 250, capMs: 4000 }),
    )
    expect(delays).toEqual([125, 250, 500, 1000, 2000, 2000])
    expect(backoffDelay({ attempt: 3, random: 1, baseMs: 250, capMs: 4000 })).toBe(1000)
  })

  it('stays within its bounds and in whole milliseconds for any draw', () => {
    const random = seeded(7)
    for (let attempt = 1; attempt <= 12; attempt++) {
      const ceiling = Math.min(30_000, 1000 * 2 ** (attempt - 1))
      for (let i = 0; i < 200; i++) {
        const delay = backoffDelay({ attempt, random: random() })
        expect(Number.isInteger(delay)).toBe(true)
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2)
        expect(delay).toBeLessThanOrEqual(ceiling)
      }
    }
  })

  it('is determined by its input: the same draw gives the same wait', () => {
    const a = seeded(42)
    const b = seeded(42)
    const first = [1, 2, 3, 4, 5].map((attempt) => backoffDelay({ attempt, random: a() }))
    const second = [1, 2, 3, 4, 5].map((attempt) => backoffDelay({ attempt, random: b() }))
    expect(first).toEqual(second)
    expect(new Set(first.map((d, i) => d / 2 ** i)).size).toBeGreaterThan(1) // really jittered
  })

  it('waits a longer Retry-After instead, and never less than the backoff for a shorter one', () => {
    expect(backoffDelay({ attempt: 1, random: 0.5, retryAfterMs: 7000 })).toBe(7000)
    expect(backoffDelay({ attempt: 1, random: 0.5, retryAfterMs: 7000.4 })).toBe(7000)
    // Past the cap too: the server knows when it will take requests again.
    expect(backoffDelay({ attempt: 9, random: 1, retryAfterMs: 90_000 })).toBe(90_000)
    expect(backoffDelay({ attempt: 3, random: 0.5, retryAfterMs: 1000 })).toBe(3000)
    expect(backoffDelay({ attempt: 1, random: 0, retryAfterMs: 0 })).toBe(500)
    expect(backoffDelay({ attempt: 1, random: 0, retryAfterMs: null })).toBe(500)
  })

  it('refuses input it cannot make sense of, saying what was wrong', () => {
    const bad = [
      { attempt: 0, random: 0.5 },
      { attempt: 1.5, random: 0.5 },
      { attempt: 1, random: 1.5 },
      { attempt: 1, random: Number.NaN },
      { attempt: 1, random: 0, baseMs: -1 },
      { attempt: 1, random: 0, capMs: Number.POSITIVE_INFINITY },
      { attempt: 1, random: 0, retryAfterMs: -5 },
    ]
    for (const input of bad) {
      expect(() => backoffDelay(input)).toThrow(
        /needs attempt 1, 2, \.\.\.; random in \[0, 1\]; baseMs, capMs, retryAfterMs finite and >= 0\. Got attempt/,
      )
    }
    expect(() => backoffDelay({ attempt: 1, random: 1.5 })).toThrow(/random 1.5,/)
    expect(() => backoffDelay({ attempt: 1, random: 0, retryAfterMs: -5 })).toThrow(
      /retryAfterMs -5\./,
    )
  })
})
