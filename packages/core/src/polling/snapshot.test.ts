import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../clock/virtual-clock.js'
import type { Job } from '../model/job.js'
import { baseJob } from '../providers/shared/job-builder.js'
import { continueFrom, normalizeSnapshot, snapshotChanged } from './snapshot.js'

const clock = new VirtualClock()
const job = (patch: Partial<Job> = {}): Job => ({
  ...baseJob({ provider: 'speedpix', operation: 'txt2img', providerJobId: 'p-1' }, clock),
  state: 'running',
  ...patch,
})

describe('snapshotChanged', () => {
  it('is true for the first snapshot and for any informative field that differs', () => {
    const prev = job({ progress: 0.2 })
    expect(snapshotChanged(null, prev)).toBe(true)
    const changes: Partial<Job>[] = [
      { state: 'succeeded' },
      { providerStatus: 'RUNNING' },
      { progress: 0.3 },
      { queuePosition: 2 },
      { etaSeconds: 10 },
      { etaSource: 'provider' },
      { message: 'warming up' },
      { images: [{ index: 0, url: 'u', width: 1, height: 1, expiresAt: null, mimeType: null }] },
      { error: { code: 'timeout', message: 'm', retryable: true, providerCode: null } },
      { warnings: ['unrecognized-status:FOO'] },
      // Fields core's engine used to skip: the client compared them, and a provider that reveals
      // its creation time later has told the watcher something.
      { createdAt: '2024-06-11T08:00:00.000Z' },
      { providerJobId: 'p-2' },
    ]
    for (const patch of changes) expect(snapshotChanged(prev, { ...prev, ...patch })).toBe(true)
  })

  it('ignores observedAt and raw, key order and undefined keys', () => {
    const prev = job({ progress: 0.2, raw: { requestId: 'a' } })
    const later = { ...prev, observedAt: '2030-01-01T00:00:00.000Z', raw: { requestId: 'b' } }
    expect(snapshotChanged(prev, later)).toBe(false)
    const { raw: _raw, ...withoutRaw } = prev
    expect(snapshotChanged(prev, withoutRaw)).toBe(false)
    const reordered = Object.fromEntries(Object.entries(prev).reverse()) as Job
    expect(snapshotChanged(prev, reordered)).toBe(false)
    const error = { code: 'timeout', message: 'm', retryable: true, providerCode: null } as const
    const failed = job({ state: 'failed', error })
    const sameError = job({
      state: 'failed',
      error: { providerCode: null, retryable: true, message: 'm', code: 'timeout' },
    })
    expect(snapshotChanged(failed, sameError)).toBe(false)
    expect(snapshotChanged(failed, { ...failed, error: { ...error, retryable: false } })).toBe(true)
  })
})

describe('continueFrom', () => {
  it('keeps progress from going backwards while running, and puts a succeeded job at 1', () => {
    const prev = job({ progress: 0.6 })
    expect(continueFrom(prev, job({ progress: 0.1 })).progress).toBe(0.6)
    expect(continueFrom(prev, job({ progress: null })).progress).toBe(0.6)
    expect(continueFrom(prev, job({ progress: 0.8 })).progress).toBe(0.8)
    // Queued again (a provider re-queued it): its progress is its own.
    expect(continueFrom(prev, job({ state: 'queued', progress: null })).progress).toBeNull()
    expect(continueFrom(prev, job({ state: 'succeeded', progress: null })).progress).toBe(1)
    expect(continueFrom(null, job({ progress: 0.1 })).progress).toBe(0.1)
    const unchanged = job({ progress: 0.7 })
    expect(continueFrom(prev, unchanged)).toBe(unchanged)
  })
})

describe('normalizeSnapshot', () => {
  it('continues from the last snapshot and gives a job without an ETA the estimate', () => {
    const now = clock.now()
    const next = normalizeSnapshot(
      job({ progress: 0.5 }),
      job({ progress: 0.4 }),
      now + 12_400,
      now,
    )
    expect(next).toMatchObject({ progress: 0.5, etaSeconds: 12, etaSource: 'estimated' })
    const own = job({ etaSeconds: 30, etaSource: 'provider' })
    expect(normalizeSnapshot(null, own, now + 5000, now)).toMatchObject({ etaSeconds: 30 })
    expect(normalizeSnapshot(null, job({ state: 'succeeded' }), now + 5000, now).etaSeconds).toBe(
      null,
    )
  })
})
