import { PROVIDER_IDS } from '@darkroom/core'
import { describe, expect, it } from 'vitest'
import { runCore } from './core.js'

describe('core benchmark (smoke)', () => {
  it('times status normalization and scheduling, and watches the event loop', async () => {
    const r = await runCore({ smoke: true })
    for (const provider of PROVIDER_IDS) {
      const cost = r.statusNormalization[provider]
      expect(cost?.meanUs).toBeGreaterThan(0)
      expect(cost?.answerBytes).toBeGreaterThan(0)
    }
    expect(r.statusAim.rows.map((row) => row.provider)).toEqual([...PROVIDER_IDS])
    for (const row of r.statusAim.rows) {
      expect(row.lessCpu).toBeCloseTo(row.baselineUs / row.nowUs, 1)
      expect(row.met).toBe(row.lessCpu >= r.statusAim.aim)
    }
    expect(Object.keys(r.scheduling)).toContain('provider-eta')
    for (const loop of r.eventLoop.trackers) {
      expect(loop.delayMs.max).toBeGreaterThanOrEqual(loop.delayMs.p50)
    }
    // With nothing due, the tracker must not poll at all.
    expect(r.eventLoop.trackers[0]?.pollsPerSecond).toBe(0)
    // All due, it spends its budget (100 req/s; a smoke run is short and noisy, so half of it).
    expect(r.aim.jobs).toBe(2000)
    expect(r.aim.pollsPerSecond).toBeGreaterThan(50)
  })
})
