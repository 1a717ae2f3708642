import { describe, expect, it } from 'vitest'
import { runGateway } from './gateway.js'

describe('gateway benchmark (smoke)', () => {
  it('loads both paths without errors and holds every event stream', async () => {
    const r = await runGateway({ smoke: true })
    for (const run of [r.status.direct, r.status.rawProxy, r.status.gateway]) {
      expect(run.requests).toBeGreaterThan(0)
      expect(run.errors + run.non2xx).toBe(0)
      expect(run.latencyMs.p50).toBeGreaterThan(0)
    }
    expect(r.status.cpuMsPerRequest.gateway).toBeGreaterThan(0)
    expect(r.status.cpuMsPerRequest.rawProxy).toBeGreaterThan(0)
    const { gatewayOverRawProxy, aim, met } = r.status.proxyAim
    expect(gatewayOverRawProxy).toBeCloseTo(
      r.status.cpuMsPerRequest.gateway / r.status.cpuMsPerRequest.rawProxy,
      1,
    )
    expect(met).toBe(gatewayOverRawProxy <= aim)
    expect(r.streams.opened).toBe(r.streams.streams)
    expect(r.streams.dropped).toBe(0)
    expect(r.streams.withEvents).toBe(r.streams.streams)
  })
})
