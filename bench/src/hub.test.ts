import { describe, expect, it } from 'vitest'
import { runHub } from './hub.js'

describe('hub benchmark (smoke)', () => {
  it('measures watchers, load and resume, with ten and a hundred watchers costing what one does', async () => {
    const r = await runHub({ smoke: true })
    expect(r.watchers.map((w) => w.watchers)).toEqual([1, 10, 100])
    const one = r.watchers[0]?.statusRequestsPerJob ?? 0
    expect(one).toBeGreaterThan(0)
    for (const row of r.watchers) expect(row.statusRequestsPerJob).toBe(one)
    expect(r.load.jobs).toBe(200)
    expect(r.load.storeWritesPerSecond).toBeGreaterThanOrEqual(0)
    expect(r.load.rssMiB).toBeGreaterThan(0)
    expect(r.resume.jobs).toBe(200)
    expect(r.resume.resumeMs).toBeGreaterThanOrEqual(0)
  }, 60_000)
})
