import { describe, expect, it } from 'vitest'
import { runDashboardLoad } from './dashboard-load.js'

// Smoke version of `pnpm bench:tui`: the shape, and that redraws are throttled far below the
// update rate. Timing numbers are measured by the benchmark, not asserted here.
describe('dashboard under load (smoke)', () => {
  it('redraws far less often than jobs update', async () => {
    const result = await runDashboardLoad({ jobs: 50, updateEveryMs: 20, durationMs: 700 })
    expect(result.jobs).toBe(50)
    expect(result.updatesPerSecond).toBeGreaterThan(200)
    expect(result.rendersPerSecond).toBeGreaterThan(0)
    expect(result.rendersPerSecond).toBeLessThan(result.updatesPerSecond / 5)
  })
})
