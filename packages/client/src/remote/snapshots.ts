import type { Job } from '@darkroom/core'

function comparable(job: Job): string {
  const { observedAt: _observed, raw: _raw, ...rest } = job
  return JSON.stringify(rest)
}

/**
 * Whether `next` tells a watcher anything `prev` did not. After a reconnect the gateway starts
 * again with the current snapshot, which the caller has usually seen already.
 */
export function snapshotChanged(prev: Job | null, next: Job): boolean {
  return prev === null || comparable(prev) !== comparable(next)
}

/**
 * Keeps `progress` from going backwards within one watch, as core's engine does. A reconnect or
 * a switch to polling starts a fresh watch on the other side, which knows nothing of the last one.
 */
export function continueFrom(prev: Job | null, next: Job): Job {
  if (
    next.state === 'running' &&
    prev?.progress != null &&
    (next.progress === null || next.progress < prev.progress)
  ) {
    return { ...next, progress: prev.progress }
  }
  return next
}
