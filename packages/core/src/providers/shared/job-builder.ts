import type { Clock } from '../../clock/clock.js'
import { encodeHandle, type JobHandle } from '../../model/handle.js'
import type { Job } from '../../model/job.js'

/**
 * A snapshot with every optional field empty, for an adapter to fill in. Keeping the defaults
 * in one place means every provider's Job has exactly the same shape.
 */
export function baseJob(handle: JobHandle, clock: Clock): Job {
  return {
    id: encodeHandle(handle),
    provider: handle.provider,
    operation: handle.operation,
    providerJobId: handle.providerJobId,
    state: 'queued',
    providerStatus: null,
    progress: null,
    queuePosition: null,
    etaSeconds: null,
    etaSource: null,
    message: null,
    images: [],
    error: null,
    createdAt: null,
    observedAt: new Date(clock.now()).toISOString(),
    warnings: [],
  }
}

/** Clamps a provider's progress into 0..1; anything unreadable is null. */
export function clampProgress(value: number | null | undefined): number | null {
  if (value == null || !Number.isFinite(value)) return null
  return Math.min(1, Math.max(0, value))
}

/**
 * Reads a provider timestamp as ISO 8601. Zone-less times (aicontent's `2023-12-25T12:00:00`)
 * are taken as UTC+8, the zone of the provider's region, since that is what its servers print.
 */
export function providerTime(
  value: string | number | null | undefined,
  zoneless = '+08:00',
): string | null {
  if (value == null || value === '') return null
  if (typeof value === 'number') {
    const date = new Date(value)
    return Number.isNaN(date.getTime()) ? null : date.toISOString()
  }
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(value)
  const date = new Date(hasZone ? value : `${value.replace(' ', 'T')}${zoneless}`)
  return Number.isNaN(date.getTime()) ? null : date.toISOString()
}
