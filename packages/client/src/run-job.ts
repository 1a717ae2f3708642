import {
  type Clock,
  DarkroomTimeoutError,
  DEFAULT_TIMEOUT_MS,
  type ImageBytes,
  InvalidInputError,
  type Job,
  requestPath,
} from '@darkroom/core'
import { startTimer } from '@darkroom/core/engine'
import type { DarkroomClient, RequestOptions, RunOptions } from './client-types.js'
import type { AnyCreateJobRequest } from './wire/job-request.js'

/**
 * A transport's own calls; `run` and `jobs.images` are built on them, once for both. `create`
 * takes either kind of request in one signature: the public overloads are for callers.
 */
export interface TransportCalls {
  readonly providers: DarkroomClient['providers']
  readonly jobs: Omit<DarkroomClient['jobs'], 'create' | 'images'> & {
    create(request: AnyCreateJobRequest, options?: RequestOptions): Promise<Job>
  }
}

/** The longest wait timers take: a longer `setTimeout` fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1

function runTimeout(value: unknown): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS
  if (typeof value !== 'number' || !(value > 0 && value <= MAX_TIMER_MS)) {
    throw new TypeError(
      `run: timeoutMs must be a positive number of milliseconds up to ${MAX_TIMER_MS}, got ${String(value)}.`,
    )
  }
  return value
}

/**
 * `create`, then `wait` on what is left of one deadline. The submit gets a timer of its own on
 * the client's clock (a watch keeps its deadline itself): it aborts the submit when the whole
 * run's time is up, and the run then says the job may exist, since the request may have arrived.
 */
async function run(
  calls: TransportCalls,
  clock: Clock,
  request: AnyCreateJobRequest,
  options: RunOptions = {},
): Promise<Job> {
  const timeoutMs = runTimeout(options.timeoutMs)
  const deadlineAt = clock.now() + timeoutMs
  const expired = new AbortController()
  const stop = startTimer(clock, timeoutMs, () => expired.abort())
  const signal = options.signal ? AbortSignal.any([options.signal, expired.signal]) : expired.signal
  let job: Job
  try {
    job = await calls.jobs.create(request, { signal })
  } catch (error) {
    if (!expired.signal.aborted || options.signal?.aborted) throw error
    throw new DarkroomTimeoutError(
      `run: the job request had no answer within ${timeoutMs} ms; the job may have been submitted all the same, so look for it before submitting again, or raise timeoutMs.`,
      { call: 'submit', lastSnapshot: null, cause: error },
    )
  } finally {
    stop()
  }
  const remainingMs = deadlineAt - clock.now()
  if (remainingMs <= 0) {
    throw new DarkroomTimeoutError(
      `run: job ${job.id.slice(0, 16)}… was submitted, but no time was left of ${timeoutMs} ms to wait for it; wait for it with jobs.wait, or raise timeoutMs.`,
      { call: 'watch', lastSnapshot: job },
    )
  }
  return calls.jobs.wait(job.id, { ...options, timeoutMs: remainingMs })
}

/** Every image of a succeeded job, one at a time, in the job's order. */
async function images(
  calls: TransportCalls,
  id: string,
  options: RequestOptions = {},
): Promise<ImageBytes[]> {
  const job = await calls.jobs.get(id, options)
  if (job.state !== 'succeeded') {
    const message = `job is ${job.state}, not succeeded: only a succeeded job has images (wait for it with jobs.wait, or use run)`
    throw new InvalidInputError(`${message}.`, {
      issues: [{ path: requestPath('id'), message }],
      provider: job.provider,
      call: 'images',
    })
  }
  const all: ImageBytes[] = []
  for (const ref of job.images) all.push(await calls.jobs.image(id, ref.index, options))
  return all
}

/** A transport's calls, completed with `run` and `jobs.images` into a `DarkroomClient`. */
export function completeClient(calls: TransportCalls, clock: Clock): DarkroomClient {
  return {
    providers: calls.providers,
    jobs: { ...calls.jobs, images: (id, options) => images(calls, id, options) },
    run: (request: AnyCreateJobRequest, options?: RunOptions) =>
      run(calls, clock, request, options),
  }
}
