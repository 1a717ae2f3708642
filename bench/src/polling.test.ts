import { PROVIDER_IDS } from '@darkroom/core'
import { describe, expect, it } from 'vitest'
import { STRATEGY_IDS } from './polling/strategies.js'
import { runPolling } from './polling.js'

describe('polling benchmark (smoke)', () => {
  it('measures every provider and strategy, with the oracle and baselines where they must be', async () => {
    const r = await runPolling({ smoke: true })
    for (const provider of PROVIDER_IDS) {
      const p = r.providers[provider]
      expect(Object.keys(p).sort()).toEqual([...STRATEGY_IDS].sort())
      for (const s of STRATEGY_IDS) {
        expect(p[s].requestsPerJob.mean).toBeGreaterThanOrEqual(1)
        expect(p[s].lagMs.p50).toBeLessThanOrEqual(p[s].lagMs.p95)
        expect(p[s].lagMs.p95).toBeLessThanOrEqual(p[s].lagMs.max)
      }
      // The oracle asks once, exactly at completion: proof that lag is measured exactly.
      expect(p.oracle.requestsPerJob).toEqual({ mean: 1, p50: 1, p95: 1 })
      expect(p.oracle.lagMs).toEqual({ p50: 0, p95: 0, max: 0 })
      // A fixed interval is never later than itself.
      expect(p['fixed-500ms'].lagMs.max).toBeLessThan(500)
      expect(p['fixed-1s'].lagMs.max).toBeLessThan(1000)
      expect(p.darkroom.requestsPerJob.mean).toBeLessThan(p['fixed-500ms'].requestsPerJob.mean)
      expect(r.details[provider]['fixed-500ms'].statusCalls).toBeGreaterThan(0)
    }
    expect(r.details.speedpix.oracle.resultCalls).toBe(r.workload.jobsPerProvider)
    // The figures for the workload: about 15.5 requests per job, first poll near 11.8 s.
    expect(r.hintlessOracle.requestsPerJob).toBeGreaterThan(15)
    expect(r.hintlessOracle.requestsPerJob).toBeLessThan(16)
    expect(r.hintlessOracle.firstPollMs).toBeGreaterThan(11_500)
    expect(r.hintlessOracle.firstPollMs).toBeLessThan(12_200)
    expect(r.hintlessOracle.p95LagMs).toBeLessThanOrEqual(1000)
    expect(r.hintlessAims.aidge.requestsPerJobAim).toBe(17)
  })
})
