import { describe, expect, it } from 'vitest'
import { LagWidening } from './lag-widening.js'

const T0 = 1_000_000
const options = { lagMs: 1000, max: 3, windowMs: 10_000 }

/** Polls every `everyMs` for `forMs`, each having waited `waitMs` past its due time. */
function load(w: LagWidening, from: number, forMs: number, everyMs: number, waitMs: number) {
  for (let t = from; t < from + forMs; t += everyMs) w.waited(t - waitMs, t)
  return from + forMs
}

describe('LagWidening', () => {
  it('stays at 1 while polls wait less than the lag target, however long', () => {
    const w = new LagWidening(options, T0)
    const end = load(w, T0, 60_000, 50, 900)
    expect(w.factor(end)).toBe(1)
  })

  it('widens to the sustained wait, bounded, and not for a burst', () => {
    const w = new LagWidening(options, T0)
    // One long wait after a quiet start is a burst, not load.
    w.waited(T0, T0 + 10)
    load(w, T0 + 10, 300, 50, 0)
    const afterBurst = load(w, T0 + 1000, 1000, 50, 2000)
    expect(w.factor(afterBurst)).toBeLessThan(1.5)
    const sustained = load(w, afterBurst, 60_000, 50, 2000)
    expect(w.factor(sustained)).toBeCloseTo(2, 1)
    const overload = load(w, sustained, 60_000, 50, 10_000)
    expect(w.factor(overload)).toBe(3)
  })

  it('narrows back once the load is gone', () => {
    const w = new LagWidening(options, T0)
    const busy = load(w, T0, 60_000, 50, 3000)
    expect(w.factor(busy)).toBeGreaterThan(2.5)
    const calm = load(w, busy, 60_000, 50, 0)
    expect(w.factor(calm)).toBe(1)
    expect(w.factor(busy + 600_000)).toBe(1)
  })

  it('refuses a bound below 1, naming the option', () => {
    expect(() => new LagWidening({ ...options, max: 0.5 }, T0)).toThrow(/maxLagWidening.*0.5/)
  })
})
