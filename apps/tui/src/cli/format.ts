import type { Job } from '@darkroom/core'

/** A job's progress as a fixed-width bar, e.g. `[######----]`. */
export function progressBar(progress: number | null, width = 10): string {
  if (progress === null) return ' '.repeat(width + 2)
  const filled = Math.round(Math.min(1, Math.max(0, progress)) * width)
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`
}

/** Seconds as `1h02m`, `3m05s` or `42s`. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds))
  if (s >= 3600)
    return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
  return `${s}s`
}

/** The short form of a job id shown in lists. */
export function shortId(job: Pick<Job, 'providerJobId'>): string {
  const id = job.providerJobId
  return id.length > 10 ? `${id.slice(0, 4)}…${id.slice(-5)}` : id
}

/**
 * The progress worth showing: none once a job failed or was canceled, where a provider's last
 * figure (often 100%, set as it gave up) would read as done.
 */
export function shownProgress(job: Pick<Job, 'state' | 'progress'>): number | null {
  return job.state === 'failed' || job.state === 'canceled' ? null : job.progress
}

/** One line about a job, for stderr progress and plain listings. */
export function describeJob(job: Job): string {
  const parts = [`${job.provider}/${job.operation}`, job.state]
  const progress = shownProgress(job)
  if (progress !== null) parts.push(`${Math.round(progress * 100)}%`)
  if (job.queuePosition !== null) parts.push(`queue ${job.queuePosition}`)
  if (job.etaSeconds !== null)
    parts.push(`eta ${duration(job.etaSeconds)}${job.etaSource === 'estimated' ? '~' : ''}`)
  if (job.error) parts.push(`${job.error.code}: ${job.error.message}`)
  else if (job.message) parts.push(job.message)
  return parts.join('  ')
}
