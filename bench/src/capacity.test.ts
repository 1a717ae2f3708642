import { describe, expect, it } from 'vitest'
import { runCapacity } from './capacity.js'

describe('capacity benchmark (smoke)', () => {
  it('searches a capacity for both strategies and keeps every trial', async () => {
    const r = await runCapacity({ smoke: true })
    const speedpix = r.speedpix
    expect(Number.isInteger(speedpix['fixed-500ms'])).toBe(true)
    expect(Number.isInteger(speedpix.darkroom)).toBe(true)
    // 20 requests/s at 500 ms each covers 10 jobs without any lag growth.
    expect(speedpix['fixed-500ms']).toBeGreaterThanOrEqual(8)
    for (const trials of Object.values(r.trials.speedpix)) {
      expect(trials.length).toBeGreaterThan(0)
      for (const t of trials) {
        expect(t.measured).toBeGreaterThan(0)
        expect(t.statusPerSecond).toBeLessThanOrEqual(20)
      }
    }
    expect(r.oneRequestBound).toBeGreaterThan(400)
    // A 2 s p95 lets the hint-less oracle poll every 2 s: about 8 requests per job.
    expect(r.hintlessOracle.requestsPerJob).toBeGreaterThan(7.5)
    expect(r.hintlessOracle.requestsPerJob).toBeLessThan(8.5)
    expect(r.aims.speedpix).toMatchObject({ aim: 200, bound: r.oneRequestBound })
  })
})
