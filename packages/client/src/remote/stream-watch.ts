import { continueFrom, isTerminalState, type Job, JobSchema, snapshotChanged } from '@darkroom/core'
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

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/**
 * Watches a job over the gateway's event stream. Yields each changed snapshot and returns
 * `'done'` at the terminal one, or `'fallback'` when streaming is unavailable and the caller
 * should poll instead. A dropped connection is resumed with `Last-Event-ID`, and so is a
 * `shutdown` event (the gateway is stopping); an `error` event (the gateway's watch failed for
 * good) is thrown as a `DarkroomApiError`.
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
  let serverRetryMs = 0
  for (;;) {
    scope.check()
    let response: Response
    try {
      response = await gateway.send(ROUTE, path, {
        headers: {
          accept: 'text/event-stream',
          ...(lastEventId !== null && { 'last-event-id': lastEventId }),
        },
        signal: scope.signal,
        retries: 0,
      })
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
    const events = readEvents(response.body, scope, {
      idleTimeoutMs,
      onRetry: (ms) => {
        serverRetryMs = ms
      },
    })
    for await (const message of events) {
      if (message.event === 'error') {
        const problem = parseAnswer(ROUTE, ProblemSchema, parseJson(message.data), 'error event')
        throw new DarkroomApiError(
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
      // The gateway is going away: reconnect now (to another instance, behind a balancer) with
      // the Last-Event-ID so far, rather than wait for this connection to close or go idle.
      if (message.event === 'shutdown') break
      if (message.event !== 'job') continue
      const job = continueFrom(
        scope.last,
        parseAnswer(ROUTE, JobSchema, parseJson(message.data), 'job event'),
      )
      if (message.id) lastEventId = message.id
      delivered = true
      if (snapshotChanged(scope.last, job)) {
        scope.last = job
        yield job
      }
      if (isTerminalState(job.state)) return 'done'
    }
    // Closed, dropped or idle before the end: resume after the last event seen. The first
    // reconnect after a stream that delivered is immediate; fruitless ones back off.
    fruitless = delivered ? 0 : fruitless + 1
    if (fruitless >= MAX_FRUITLESS_ATTEMPTS) return 'fallback'
    if (fruitless > 0) await scope.backOff(fruitless, undefined, serverRetryMs)
  }
}
