import { describe, expect, it } from 'vitest'
import { runTui } from './tui.js'

describe('bench tui (smoke)', () => {
  it('measures redraws well below the update rate', async () => {
    const result = await runTui({ smoke: true })
    expect(result.dashboard.jobs).toBe(20)
    expect(result.dashboard.rendersPerSecond).toBeLessThan(result.dashboard.updatesPerSecond)
    expect(result.machine.cores).toBeGreaterThan(0)
  })
})
