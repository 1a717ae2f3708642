import { canonicalJson } from '../model/canonical-json.js'
import type { Job } from '../model/job.js'

/**
 * A snapshot as text, but for the fields that differ between two polls that learned nothing:
 * when it was taken, and the provider's raw payload (its own timestamps and request ids).
 */
function informative(job: Job): string {
  const { observedAt: _observedAt, raw: _raw, ...rest } = job
  return canonicalJson(rest)
}

/**
 * Whether `next` tells a watcher anything `prev` did not: any field but `observedAt` and `raw`
 * differs (compared deeply, in any key order). A poll that learned nothing new yields nothing,
 * and neither does the current snapshot a gateway sends again after a reconnect. Every other
 * field counts, so a field added to `Job` later is compared without anyone remembering to.
 */
export function snapshotChanged(prev: Job | null, next: Job): boolean {
  return prev === null || informative(prev) !== informative(next)
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
