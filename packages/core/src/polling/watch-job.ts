import { systemClock } from '../clock/clock.js'
import { DarkroomAbortError, DarkroomTimeoutError } from '../errors/index.js'
import type { JobHandle } from '../model/handle.js'
import type { Job } from '../model/job.js'
import type { ProviderAdapter } from '../spec/adapter.js'
import { defaultLearner } from './duration-learner.js'
import { JobPoller } from './job-poller.js'
import { DEFAULT_TIMEOUT_MS, type PollingOptions, scheduleFrom } from './watch-options.js'

/** Options of {@link watchJob} and {@link waitForJob}. */
export interface WatchOptions extends PollingOptions {
  /** Ends the watch at once with a `DarkroomAbortError`. */
  signal?: AbortSignal | undefined
  /** Called with each changed snapshot, before it is yielded. */
  onUpdate?: ((job: Job) => void) | undefined
  /** A snapshot already in hand (the one `submit` returned): yielded first instead of polling. */
  initial?: Job | undefined
  /** When the job was submitted (epoch ms), when known; lets the engine learn whole durations. */
  submittedAt?: number | undefined
}

/**
 * Watches one job: yields its current snapshot, then each changed one, until it is terminal.
 * The engine decides when to ask again (see `planNextPoll`); transient failures are waited out;
 * the deadline ends the watch with a `DarkroomTimeoutError` carrying the last snapshot.
 */
export async function* watchJob(
  adapter: ProviderAdapter,
  handle: JobHandle,
  options: WatchOptions = {},
): AsyncGenerator<Job, void, undefined> {
  const clock = options.clock ?? systemClock
  const random = options.random ?? Math.random
  const { signal } = options
  const started = clock.now()
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const deadline = started + timeoutMs
  const poller = new JobPoller(
    adapter.operations[handle.operation]?.timing ?? null,
    options.learner ?? defaultLearner,
    scheduleFrom(options),
    `${handle.provider}:${handle.operation}`,
    options.submittedAt ?? started,
    options.submittedAt !== undefined,
  )
  const aborted = (cause?: unknown) =>
    new DarkroomAbortError(`Watching ${handle.provider} job ${handle.providerJobId} was aborted.`, {
      provider: handle.provider,
      call: 'watch',
      cause,
    })
  const timedOut = () =>
    new DarkroomTimeoutError(
      `${handle.provider} job ${handle.providerJobId} did not finish within ${timeoutMs} ms (last state: ${poller.last?.state ?? 'unknown'}); raise timeoutMs or check the job later with its id.`,
      { provider: handle.provider, call: 'watch', lastSnapshot: poller.last },
    )

  let snapshot: Job | undefined = options.initial
  let first = true
  while (true) {
    if (signal?.aborted) throw aborted(signal.reason)
    if (!snapshot) {
      const delay = first ? 0 : (poller.plan ?? poller.nextDelay(clock.now(), random())).delayMs
      const remaining = deadline - clock.now()
      if (remaining <= 0) throw timedOut()
      if (delay > 0) {
        try {
          await clock.sleep(Math.min(delay, remaining), signal)
        } catch (cause) {
          throw aborted(cause)
        }
        if (clock.now() >= deadline) throw timedOut()
      }
      try {
        snapshot = await adapter.status(handle, {
          signal,
          timeoutMs: options.requestTimeoutMs,
          retries: 0,
          raw: options.raw,
        })
      } catch (error) {
        if (signal?.aborted) throw aborted(error)
        poller.reject(error)
        poller.nextDelay(clock.now(), random())
        first = false
        continue
      }
    }
    const accepted = poller.accept(snapshot, clock.now())
    snapshot = undefined
    if (accepted.changed || first) {
      options.onUpdate?.(accepted.job)
      yield accepted.job
    }
    first = false
    if (accepted.terminal) return
  }
}

/** Watches a job to its end and returns the terminal snapshot (`succeeded`, `failed` or `canceled`). */
export async function waitForJob(
  adapter: ProviderAdapter,
  handle: JobHandle,
  options: WatchOptions = {},
): Promise<Job> {
  let last: Job | undefined
  for await (const job of watchJob(adapter, handle, options)) last = job
  return last as Job
}
