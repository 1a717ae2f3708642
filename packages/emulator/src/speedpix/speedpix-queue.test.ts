import { VirtualClock } from '@darkroom/core'
import { createSpeedpix } from '@darkroom/core/providers/speedpix'
import { describe, expect, it } from 'vitest'
import { inProcessBaseUrl } from '../emulators.js'
import { runToEnd } from '../testing/index.js'
import { createSpeedpixEmulator, SPEEDPIX_DEFAULT_CREDENTIALS } from './index.js'

describe('speedpix: a five-minute queue, watched through the emulator', () => {
  it('is not taken for "finishes now" (etaRelative 0 while waiting): no poll a second', async () => {
    const clock = new VirtualClock()
    const emulator = createSpeedpixEmulator({
      clock,
      seed: 3,
      queueWait: { kind: 'fixed', ms: 300_000 },
      runTime: { kind: 'fixed', ms: 12_000 },
    })
    const paths: string[] = []
    const adapter = createSpeedpix({
      ...SPEEDPIX_DEFAULT_CREDENTIALS,
      baseUrl: inProcessBaseUrl('speedpix'),
      clock,
      fetch: (input, init) => {
        paths.push(new URL(input instanceof Request ? input.url : String(input)).pathname)
        return emulator.fetch(input, init)
      },
    })
    const { seen, final } = await runToEnd(adapter, clock, 'txt2img', { prompt: 'a quiet harbour' })
    expect(final.state).toBe('succeeded')
    const queued = seen.filter((job) => job.state === 'queued')
    expect(queued.length).toBeGreaterThan(0)
    // Nobody is told "ETA 0 s" by the provider while the task waits.
    expect(queued.every((job) => job.etaSource !== 'provider')).toBe(true)
    // Read as "finishes now", each poll plans the next one maxLag (1 s) later: about 300 calls
    // over the queue. Without an ETA a queued job is polled once per its shortest run ahead
    // (the prior's minimum, plus maxLag): 35 calls under the default schedule.
    const progressCalls = paths.filter((path) => path === '/scc/sd_get_progress').length
    expect(progressCalls).toBeLessThan(40)
    expect(paths.filter((path) => path === '/scc/sd_get_result')).toHaveLength(1)
  })
})
