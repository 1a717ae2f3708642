import { DarkroomAbortError, DarkroomTimeoutError } from '../errors/index.js'
import type { JobHandle } from '../model/handle.js'
import type { Job } from '../model/job.js'
import type { ProviderAdapter } from '../spec/adapter.js'
import type { JobPoller } from './job-poller.js'
import type { JobWatcher } from './job-watcher.js'
import type { QueuedJob } from './poll-queue.js'

/** One `hold`/`add` caller waiting for the job's end. */
export interface Holder {
  resolve: (job: Job) => void
  reject: (error: unknown) => void
}

/** What the tracker keeps per job. */
export interface Tracked extends QueuedJob {
  id: string
  handle: JobHandle
  adapter: ProviderAdapter
  poller: JobPoller
  /** Everyone iterating `watch` of this job. */
  watchers: Set<JobWatcher>
  /** The `hold`/`add` callers; empty while the job is only watched. */
  holders: Holder[]
  /** The poll in flight (settles once its answer is folded in), or null. */
  polling: Promise<void> | null
  /**
   * Aborts the poll in flight when the job is dropped; only for jobs nobody holds (a held job is
   * never dropped before its end), so the hot path of a hub's held jobs allocates none.
   */
  controller: AbortController | null
  /** The fatal error that ended the job, once one did. */
  failure: unknown
}

/** A job as the tracker starts keeping it: due now, nobody watching or holding yet. */
export function newTracked(
  id: string,
  handle: JobHandle,
  adapter: ProviderAdapter,
  poller: JobPoller,
  now: number,
  deadline: number,
  seq: number,
): Tracked {
  return {
    id,
    handle,
    adapter,
    poller,
    lane: handle.provider,
    deadline,
    seq,
    softDueAt: now,
    dueAt: now,
    watchers: new Set(),
    holders: [],
    polling: null,
    controller: null,
    failure: undefined,
  }
}

/** The error of a watch or hold that reached its deadline, with the last snapshot. */
export function deadlineError(handle: JobHandle, timeoutMs: number, last: Job | null): Error {
  const { provider, providerJobId } = handle
  return new DarkroomTimeoutError(
    `${provider} job ${providerJobId} did not finish within ${timeoutMs} ms (last state: ${last?.state ?? 'unknown'}); raise timeoutMs or check the job later with its id.`,
    { provider, call: 'watch', lastSnapshot: last },
  )
}

/** The error of a watch its caller aborted, or whose tracker stopped watching the job. */
export function watchAborted(handle: JobHandle, cause: unknown, why = 'was aborted'): Error {
  return new DarkroomAbortError(`Watching ${handle.provider} job ${handle.providerJobId} ${why}.`, {
    provider: handle.provider,
    call: 'watch',
    cause,
  })
}
