import { describe, expect, it } from 'vitest'
import { type BundleSize, runSize } from './size.js'

describe('size benchmark (smoke)', () => {
  it('bundles the Worker and both competitors, and the client when it exists', async () => {
    const r = await runSize({ smoke: true })
    for (const name of ['darkroom-worker', '@fal-ai/client', 'replicate']) {
      const b = r.bundles[name] as BundleSize
      expect(b.gzipBytes, name).toBeGreaterThan(1000)
      expect(b.gzipBytes).toBeLessThan(b.rawBytes)
    }
    const client = r.bundles['darkroom-client']
    if (client && 'gzipBytes' in client) expect(r.ratios['@fal-ai/client']).toBeGreaterThan(0)
    // The aim's arithmetic: the first load is the entry without its fallback, so smaller.
    const first = r.bundles['darkroom-client-first-load'] as BundleSize
    expect(r.clientAim.gzipBytes).toBe(first.gzipBytes)
    expect(first.gzipBytes).toBeLessThan((client as BundleSize).gzipBytes)
    expect(r.clientAim.met).toBe(first.gzipBytes <= r.clientAim.aimBytes)
  })
})
