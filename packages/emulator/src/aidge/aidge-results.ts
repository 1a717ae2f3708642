/**
 * What the query call answers about a task at this instant, in Aidge's words.
 */

import { signImageUrl } from '../shared/signed-url.js'
import type { JobPhase, JobSnapshot } from '../simulator/job-simulator.js'
import { businessError, ok, RES_MESSAGES, TASK_LEVEL_CODES } from './aidge-envelopes.js'

/** What the app keeps per task. */
export interface AidgeJobMeta {
  /** Only the key that submitted a task may query it. */
  appKey: string
  /** From `[[status-error:<code>]]`: the `resCode` its queries answer while it is pending. */
  statusError: string | null
}

/** Aidge's `taskStatus` for each simulator phase. */
export const TASK_STATUS: Readonly<Record<JobPhase, string>> = {
  queued: 'submitted',
  running: 'running',
  succeeded: 'finished',
  failed: 'failed',
}

/** How result URLs are made. */
export interface ResultUrlInput {
  /** Origin the request came in on, so URLs work in-process and over loopback alike. */
  origin: string
  secret: string
  /** How long after the task finished its URLs keep working. */
  ttlMs: number
}

/** The path of image `index` of a task, below the emulator's `/oss/aidge/`. */
export const resultPath = (taskId: string, index: number) => `${taskId}/${index}.png`

async function taskResult(job: JobSnapshot<AidgeJobMeta>, urls: ResultUrlInput) {
  const expiresAt = job.finishAt + urls.ttlMs
  return Promise.all(
    Array.from({ length: job.imageCount }, async (_, index) => ({
      url: await signImageUrl({
        baseUrl: `${urls.origin}/oss/aidge`,
        path: resultPath(job.id, index),
        expiresAt,
        secret: urls.secret,
      }),
      width: job.width,
      height: job.height,
    })),
  )
}

function failureMessage(failure: string): string {
  if (failure.toLowerCase() === 'failed') return 'model generation failed'
  const meaning = RES_MESSAGES[failure]
  return meaning ? `${meaning} (${failure})` : `generation failed: ${failure}`
}

/**
 * The query answer. A `[[status-error:<code>]]` marker makes a pending task's queries answer
 * that `resCode`. A `[[fail:<code>]]` marker with a task-level code (801, 1000, 1001, 1002)
 * ends the task with that `resCode` (success false) and `taskStatus: failed` in `data`; any
 * other marker value ends it with `taskStatus: failed` and a `taskMessage` saying why.
 */
export async function queryAnswer(
  requestId: string,
  job: JobSnapshot<AidgeJobMeta>,
  urls: ResultUrlInput,
): Promise<Response> {
  const marked = job.meta?.statusError
  if (marked && (job.phase === 'queued' || job.phase === 'running')) {
    // A `[[status-error:<code>]]` marker: that resCode (a number when it is one), HTTP 200.
    const resCode = /^\d{1,9}$/.test(marked) ? Number(marked) : marked
    return businessError(requestId, resCode, `service error (a [[status-error]] marker)`)
  }
  const data: Record<string, unknown> = {
    taskId: job.id,
    taskStatus: TASK_STATUS[job.phase],
    taskMessage: null,
    taskResult: [],
  }
  if (job.phase === 'succeeded') {
    data.taskMessage = 'success'
    data.taskResult = await taskResult(job, urls)
  }
  if (job.phase === 'failed') {
    const failure = job.failure ?? 'failed'
    if (TASK_LEVEL_CODES.has(failure)) {
      const message = RES_MESSAGES[failure] as string
      data.taskMessage = message
      return businessError(requestId, Number(failure), message, { data })
    }
    data.taskMessage = failureMessage(failure)
  }
  return ok(requestId, data)
}
