import type { Job } from '../model/job.js'

/**
 * The fields that differ between two polls that learned nothing: when the snapshot was taken, and
 * the provider's raw payload (which carries its own timestamps and request ids).
 */
const UNINFORMATIVE: ReadonlySet<string> = new Set(['observedAt', 'raw'])

/** Deep equality of JSON values; key order does not matter and an `undefined` key is a missing one. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const left = a as Record<string, unknown>
  const right = b as Record<string, unknown>
  const keys = Object.keys(left).filter((key) => left[key] !== undefined)
  if (keys.length !== Object.keys(right).filter((key) => right[key] !== undefined).length)
    return false
  return keys.every((key) => sameValue(left[key], right[key]))
}

/**
 * Whether `next` tells a watcher anything `prev` did not: any field but `observedAt` and `raw`
 * differs (compared deeply, in any key order). A poll that learned nothing new yields nothing,
 * and neither does the current snapshot a gateway sends again after a reconnect. Every other
 * field counts, so a field added to `Job` later is compared without anyone remembering to.
 */
export function snapshotChanged(prev: Job | null, next: Job): boolean {
  if (!prev) return true
  const before = prev as Record<string, unknown>
  const after = next as Record<string, unknown>
  const keys = new Set([...Object.keys(before), ...Object.keys(after)])
  for (const key of keys) {
    if (!UNINFORMATIVE.has(key) && !sameValue(before[key], after[key])) return true
  }
  return false
}

/**
 * Makes a fresh snapshot consistent with the last one a watcher saw: progress never goes
 * backwards while the job runs (providers report coarse or reset progress between phases, and a
 * reconnect or a switch to polling starts a fresh watch on the other side that knows nothing of
 * the last one), and a succeeded job is at progress 1. Returns `next` itself when nothing changes.
 */
export function continueFrom(prev: Job | null, next: Job): Job {
  let job = next
  if (
    prev?.progress != null &&
    (job.progress === null || job.progress < prev.progress) &&
    job.state === 'running'
  ) {
    job = { ...job, progress: prev.progress }
  }
  if (job.state === 'succeeded' && job.progress !== 1) job = { ...job, progress: 1 }
  return job
}

/**
 * What the polling engine makes of each fresh snapshot: {@link continueFrom} the previous one,
 * and a job that has no ETA of its own gets the engine's estimate (`estimatedEndAt`, epoch ms),
 * marked `estimated`.
 */
export function normalizeSnapshot(
  prev: Job | null,
  next: Job,
  estimatedEndAt: number | null,
  now: number,
): Job {
  const job = continueFrom(prev, next)
  const pending = job.state === 'queued' || job.state === 'running'
  if (pending && job.etaSeconds === null && estimatedEndAt !== null) {
    return {
      ...job,
      etaSeconds: Math.max(0, Math.round((estimatedEndAt - now) / 1000)),
      etaSource: 'estimated',
    }
  }
  return job
}
