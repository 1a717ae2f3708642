import type { Job } from '../model/job.js'

/**
 * Whether two snapshots differ in anything a watcher cares about (`observedAt` and `raw` are
 * ignored: a poll that learned nothing new yields nothing).
 */
export function snapshotChanged(prev: Job | null, next: Job): boolean {
  if (!prev) return true
  return (
    prev.state !== next.state ||
    prev.providerStatus !== next.providerStatus ||
    prev.progress !== next.progress ||
    prev.queuePosition !== next.queuePosition ||
    prev.etaSeconds !== next.etaSeconds ||
    prev.etaSource !== next.etaSource ||
    prev.message !== next.message ||
    JSON.stringify(prev.images) !== JSON.stringify(next.images) ||
    JSON.stringify(prev.error) !== JSON.stringify(next.error) ||
    prev.warnings.join('\n') !== next.warnings.join('\n')
  )
}

/**
 * Makes a fresh snapshot consistent with the previous one: progress never goes backwards within
 * a watch (providers report coarse or reset progress between phases), and a job that has no
 * ETA of its own gets the engine's estimate, marked `estimated`.
 */
export function normalizeSnapshot(
  prev: Job | null,
  next: Job,
  estimatedEndAt: number | null,
  now: number,
): Job {
  let job = next
  if (
    prev?.progress != null &&
    (job.progress === null || job.progress < prev.progress) &&
    job.state === 'running'
  ) {
    job = { ...job, progress: prev.progress }
  }
  if (job.state === 'succeeded' && job.progress !== 1) job = { ...job, progress: 1 }
  const pending = job.state === 'queued' || job.state === 'running'
  if (pending && job.etaSeconds === null && estimatedEndAt !== null) {
    job = {
      ...job,
      etaSeconds: Math.max(0, Math.round((estimatedEndAt - now) / 1000)),
      etaSource: 'estimated',
    }
  }
  return job
}
