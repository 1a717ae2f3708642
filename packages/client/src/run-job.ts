import {
  type Clock,
  DarkroomTimeoutError,
  DEFAULT_TIMEOUT_MS,
  type ImageBytes,
  InvalidInputError,
  type Job,
} from '@darkroom/core'
import type { CreateOptions, DarkroomClient, RequestOptions, RunOptions } from './client-types.js'
import type { AnyCreateJobRequest } from './wire/job-request.js'

/**
 * A transport's own calls; `run` and `jobs.images` are built on them, once for both. `create`
 * takes either kind of request in one signature: the public overloads are for callers.
 */
export interface TransportCalls {
  readonly providers: DarkroomClient['providers']
  readonly uploads: DarkroomClient['uploads']
  readonly jobs: Omit<DarkroomClient['jobs'], 'create' | 'images'> & {
    create(request: AnyCreateJobRequest, options?: CreateOptions): Promise<Job>
  }
}

/**
 * A transport's calls, completed with `run` and `jobs.images` into a `DarkroomClient`. `run` is
 * `create`, then `wait` on what is left of one deadline; the submit gets a timer of its own on
 * the client's clock (a watch keeps its deadline itself), and when the time is up mid-submit the
 * run says the job may exist, since the request may have arrived.
 */
export function completeClient(calls: TransportCalls, clock: Clock): DarkroomClient {
  const { jobs } = calls
  async function run(request: AnyCreateJobRequest, options: RunOptions = {}): Promise<Job> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
    if (!(timeoutMs > 0)) throw new TypeError(`run: timeoutMs must be over 0, got ${timeoutMs}.`)
    const deadlineAt = clock.now() + timeoutMs
    const timer = new AbortController()
    const expired = new AbortController()
    clock.sleep(timeoutMs, timer.signal).then(
      () => expired.abort(),
      () => undefined,
    )
    const signal = options.signal
      ? AbortSignal.any([options.signal, expired.signal])
      : expired.signal
    const late = (lastSnapshot: Job | null, cause?: unknown) =>
      new DarkroomTimeoutError(
        `run: not done within ${timeoutMs} ms${lastSnapshot ? '' : ' (the job may exist)'}; raise timeoutMs.`,
        { call: lastSnapshot ? 'watch' : 'submit', lastSnapshot, cause },
      )
    let job: Job
    try {
      job = await jobs.create(request, { signal, idempotencyKey: options.idempotencyKey })
    } catch (error) {
      throw expired.signal.aborted && !options.signal?.aborted ? late(null, error) : error
    } finally {
      timer.abort()
    }
    const remainingMs = deadlineAt - clock.now()
    if (remainingMs <= 0) throw late(job)
    return jobs.wait(job.id, { ...options, timeoutMs: remainingMs })
  }

  /** Every image of a succeeded job, one at a time, in the job's order. */
  async function images(id: string, options?: RequestOptions): Promise<ImageBytes[]> {
    const job = await jobs.get(id, options)
    if (job.state !== 'succeeded') {
      const message = `job is ${job.state}, not succeeded: wait for it first`
      throw new InvalidInputError(`${message}.`, {
        issues: [{ path: '(id)', message }],
        call: 'images',
      })
    }
    const all: ImageBytes[] = []
    for (const ref of job.images) all.push(await jobs.image(id, ref.index, options))
    return all
  }

  return { providers: calls.providers, uploads: calls.uploads, jobs: { ...jobs, images }, run }
}
