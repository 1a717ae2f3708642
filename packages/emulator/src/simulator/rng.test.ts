import { describe, expect, it } from 'vitest'
import { createRng } from './rng.js'

const draw = (rng: { next(): number }, n: number): number[] =>
  Array.from({ length: n }, () => rng.next())

describe('createRng', () => {
  it('replays the same sequence for the same seed', () => {
    expect(draw(createRng(42), 50)).toEqual(draw(createRng(42), 50))
    expect(draw(createRng(42), 50)).not.toEqual(draw(createRng(43), 50))
  })

  it('draws next() in [0, 1) and int() over both ends of the range', () => {
    const rng = createRng(7)
    const us = draw(rng, 10_000)
    expect(us.every((u) => u >= 0 && u < 1)).toBe(true)
    const ns = new Set(Array.from({ length: 1000 }, () => rng.int(-2, 2)))
    expect([...ns].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2])
  })

  it('keeps uniform() in [a, b) and pick() within the array', () => {
    const rng = createRng(3)
    for (let i = 0; i < 1000; i++) {
      const u = rng.uniform(5, 6)
      expect(u >= 5 && u < 6).toBe(true)
      expect(['a', 'b', 'c']).toContain(rng.pick(['a', 'b', 'c']))
    }
  })

  it('throws on impossible requests', () => {
    expect(() => createRng(1).pick([])).toThrow(RangeError)
    expect(() => createRng(1).int(3, 2)).toThrow(RangeError)
    expect(() => createRng(Number.NaN)).toThrow(RangeError)
  })

  it('accepts any finite seed, large and negative ones included', () => {
    expect(draw(createRng(2 ** 40 + 1), 5)).not.toEqual(draw(createRng(1), 5))
    expect(draw(createRng(-1), 5)).not.toEqual(draw(createRng(1), 5))
  })

  it('gives normal() mean 0 and standard deviation 1', () => {
    const rng = createRng(11)
    const xs = Array.from({ length: 10_000 }, () => rng.normal())
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length)
    expect(Math.abs(mean)).toBeLessThan(0.05)
    expect(Math.abs(sd - 1)).toBeLessThan(0.05)
  })

  it('centres logNormal() on its median', () => {
    const rng = createRng(12)
    const xs = Array.from({ length: 10_000 }, () => rng.logNormal(100, 0.5)).sort((a, b) => a - b)
    expect(xs[5000]).toBeGreaterThan(95)
    expect(xs[5000]).toBeLessThan(105)
  })
})

describe('fork', () => {
  it('depends only on the seed and label, not on draws already made', () => {
    const fresh = createRng(5).fork('job:3')
    const used = createRng(5)
    draw(used, 1000)
    expect(draw(used.fork('job:3'), 20)).toEqual(draw(fresh, 20))
  })

  it('gives independent streams per label and per parent seed', () => {
    const parent = createRng(5)
    const a = draw(parent.fork('a'), 20)
    expect(draw(parent.fork('b'), 20)).not.toEqual(a)
    expect(draw(createRng(6).fork('a'), 20)).not.toEqual(a)
    expect(draw(createRng(5), 20)).not.toEqual(a)
  })

  it('produces uncorrelated sibling streams', () => {
    const parent = createRng(9)
    const xs = draw(parent.fork('x'), 5000)
    const ys = draw(parent.fork('y'), 5000)
    const mx = xs.reduce((s, v) => s + v, 0) / xs.length
    const my = ys.reduce((s, v) => s + v, 0) / ys.length
    let cov = 0
    let vx = 0
    let vy = 0
    for (let i = 0; i < xs.length; i++) {
      const dx = (xs[i] as number) - mx
      const dy = (ys[i] as number) - my
      cov += dx * dy
      vx += dx * dx
      vy += dy * dy
    }
    expect(Math.abs(cov / Math.sqrt(vx * vy))).toBeLessThan(0.05)
  })
})
