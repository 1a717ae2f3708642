import { isTerminalState, type Job, JobSchema } from '@darkroom/core'
import { continueFrom, snapshotChanged } from '@darkroom/core/engine'
import { DarkroomApiError, errorCodeFor } from '../errors.js'
import { ProblemSchema, parseAnswer } from './answers.js'
import { readEvents } from './event-stream.js'
import type { Gateway } from './gateway-http.js'
import { isTransient, type WatchScope } from './watch-scope.js'

const ROUTE = 'GET /v1/jobs/:id/events'

/** Answers that mean "no event stream here" (an older gateway, a proxy, a static host). */
const NO_STREAM_STATUSES = [404, 405, 406, 501]

/**
 * Connection attempts in a row that bring no event (refused, 5xx, closed at once) before the
 * watch gives up on streaming: some proxies cut or buffer event streams, and polling through
 * them works where streaming never will.
 */
const MAX_FRUITLESS_ATTEMPTS = 3

/** The problem of an `error` event: the gateway's own watch of the job failed. */
function eventError(data: string): DarkroomApiError {
  const problem = parseAnswer(ROUTE, ProblemSchema, data, 'error event')
  return new DarkroomApiError(
    `Darkroom gateway: watching the job failed: ${problem.detail} [request ${problem.requestId}]`,
    {
      status: problem.status,
      code: errorCodeFor(problem.code, problem.status),
      retryable: problem.retryable,
      route: ROUTE,
      requestId: problem.requestId,
      problem,
    },
  )
}

/**
 * Watches a job over the gateway's event stream. Yields each changed snapshot and returns
 * `'done'` at the terminal one, or `'fallback'` when streaming is unavailable and the caller
 * should poll instead. A dropped connection is resumed with `Last-Event-ID`, and so is a stream
 * the gateway ends with `shutdown` (it is stopping: at once, unless the stream before ended so
 * too). An `error` event (the gateway's watch failed) is thrown as a `DarkroomApiError`, unless it
 * is retryable: then it is waited out with core's backoff, up to the deadline (whose timeout then
 * carries it as its cause).
 */
export async function* streamJob(
  gateway: Gateway,
  id: string,
  scope: WatchScope,
  idleTimeoutMs: number,
): AsyncGenerator<Job, 'done' | 'fallback', undefined> {
  const path = `v1/jobs/${encodeURIComponent(id)}/events`
  let lastEventId: string | null = null
  let fruitless = 0
  // Streams in a row ended by a retryable error, or by a shutdown, with no job event since.
  let failed = 0
  let shutdowns = 0
  let serverRetryMs = 0
  for (;;) {
    scope.check()
    let response: Response
    try {
      const answer = await gateway.send(ROUTE, path, {
        headers: {
          accept: 'text/event-stream',
          ...(lastEventId !== null && { 'last-event-id': lastEventId }),
        },
        signal: scope.signal,
        retries: 0,
        timeoutMs: scope.remainingMs,
      })
      // From here on the stream is read for as long as the watch lasts, its silences bounded by
      // the idle timeout.
      answer.release()
      response = answer.response
    } catch (error) {
      const stop = scope.explain(error)
      if (stop !== error) throw stop
      if (DarkroomApiError.isInstance(error) && NO_STREAM_STATUSES.includes(error.status))
        return 'fallback'
      if (!isTransient(error)) throw error
      if (++fruitless >= MAX_FRUITLESS_ATTEMPTS) return 'fallback'
      await scope.backOff(fruitless, error, serverRetryMs)
      continue
    }
    const type = response.headers.get('content-type') ?? ''
    if (!response.body || !type.toLowerCase().startsWith('text/event-stream')) {
      await response.body?.cancel().catch(() => undefined)
      return 'fallback'
    }
    let delivered = false
    let failure: DarkroomApiError | null = null
    let shutdown = false
    const events = readEvents(response.body, scope, {
      idleTimeoutMs,
      onRetry: (ms) => {
        serverRetryMs = ms
      },
    })
    for await (const message of events) {
      if (message.event === 'error') {
        failure = eventError(message.data)
        if (!failure.retryable) throw failure
        break
      }
      if (message.event === 'shutdown') {
        shutdown = true
        break
      }
      if (message.event !== 'job') continue
      const job = continueFrom(scope.last, parseAnswer(ROUTE, JobSchema, message.data, 'job event'))
      if (message.id) lastEventId = message.id
      delivered = true
      failed = 0
      shutdowns = 0
      if (snapshotChanged(scope.last, job)) {
        scope.last = job
        yield job
      }
      if (isTerminalState(job.state)) return 'done'
    }
    if (failure || shutdown) {
      // The stream itself works: these never make the watch give up on streaming.
      fruitless = 0
      if (failure) await scope.backOff(++failed, failure, serverRetryMs)
      else if (++shutdowns > 1) await scope.backOff(shutdowns - 1, undefined, serverRetryMs)
      continue
    }
    // Closed, dropped or idle before the end: resume after the last event seen. The first
    // reconnect after a stream that delivered is immediate; fruitless ones back off.
    fruitless = delivered ? 0 : fruitless + 1
    if (fruitless >= MAX_FRUITLESS_ATTEMPTS) return 'fallback'
    if (fruitless > 0) await scope.backOff(fruitless, undefined, serverRetryMs)
  }
}
