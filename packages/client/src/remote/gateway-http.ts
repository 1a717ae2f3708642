import {
  type Clock,
  DarkroomAbortError,
  DarkroomError,
  DarkroomTimeoutError,
  NetworkError,
} from '@darkroom/core'
import { backoffDelay, parseRetryAfter } from '@darkroom/core/engine'
import ky, { isHTTPError } from 'ky'
import type * as v from 'valibot'
import { surfaceApiError } from '../errors.js'
import { parseAnswer } from './answers.js'
import { apiErrorFrom, RETRYABLE_STATUSES, readProblem } from './problem-answer.js'
import { type ChunkCheck, readBody, untilAborted } from './read-body.js'

/** How the remote transport reaches the gateway, resolved from the client's options. */
export interface GatewaySettings {
  baseUrl: string
  apiKey: string
  fetch?: typeof fetch | undefined
  /** The most one attempt may take, its whole answer included. */
  timeoutMs: number
  retries: number
  /** Longest `Retry-After` waited out by an automatic retry; a longer one surfaces as the error. */
  maxRetryAfterMs: number
  clock: Clock
  /** The jitter of every backoff, a uniform draw in [0, 1). */
  random: () => number
}

/** One request to the gateway. */
export interface SendInit {
  method?: 'get' | 'post' | undefined
  json?: unknown
  /** A raw body (an upload's bytes); give its `content-type` in `headers`. */
  body?: BodyInit | undefined
  headers?: Record<string, string> | undefined
  signal?: AbortSignal | undefined
  /**
   * A POST that is safe to send again, since it carries an `Idempotency-Key`: retried as a read
   * is, and also after a timed-out attempt and a 409 (the first attempt in flight, after its
   * `Retry-After`). Default false: a POST is sent once.
   */
  idempotent?: boolean | undefined
  /** Overrides the client's retries (the polling engine passes 0: it owns waiting between polls). */
  retries?: number | undefined
  /**
   * The most each attempt may take, in milliseconds, its whole answer included: a watch passes
   * what is left of its deadline. Never more than the client's `timeoutMs` (the default).
   */
  timeoutMs?: number | undefined
}

/**
 * An answer whose headers arrived. Its attempt's timer runs on until `body` has read it all (or
 * failed), or `release` ends it.
 */
export interface Answer {
  readonly response: Response
  /** Reads the whole body within the attempt's time (see `readBody`; errors already mapped). */
  body(check?: ChunkCheck): Promise<Uint8Array>
  /** Ends the attempt's timer: an event stream is read for as long as its watch lasts. */
  release(): void
}

/** The gateway over HTTP: requests with auth, timeouts, retries and errors already mapped. */
export interface Gateway {
  readonly settings: GatewaySettings
  /**
   * Sends a request; a non-2xx answer rejects with a `DarkroomApiError` (an `InvalidInputError`
   * for a refused input: see `surfaceApiError`).
   */
  send(route: string, path: string, init?: SendInit): Promise<Answer>
  /** Sends a request and validates its JSON answer against `schema`. */
  json<T>(
    route: string,
    path: string,
    schema: v.GenericSchema<unknown, T>,
    init?: SendInit,
  ): Promise<T>
}

/** What a keyed submit adds to the reads' retry: POST, and a 409 in flight (its Retry-After). */
const SUBMIT_RETRY = { methods: ['post'], statusCodes: [409], afterStatusCodes: [409] }

/**
 * Creates the HTTP side of the remote transport, on ky. Each attempt has one timer on the client's
 * clock that spans its headers and its whole body (ky's own `timeout` stops at the headers, and a
 * body that stalls would then hang the call). Reads are retried by ky itself, on its own timer
 * (`setTimeout`, not the client's clock): each wait is core's `backoffDelay` with the client's
 * random source, or the answer's `Retry-After`. The waits of a watch (reconnects, polls) are on the
 * client's clock, in `WatchScope`.
 */
export function createGateway(settings: GatewaySettings): Gateway {
  const { clock, timeoutMs } = settings
  const track = <T>(work: Promise<T>) => (clock.track ? clock.track(work) : work)
  const userFetch = settings.fetch ?? ((input, init) => fetch(input, init))
  const api = ky.create({
    prefixUrl: settings.baseUrl,
    headers: { authorization: `Bearer ${settings.apiKey}` },
    timeout: false,
    retry: {
      limit: settings.retries,
      // Reads only: a create (POST) is never sent twice, whatever went wrong.
      methods: ['get'],
      statusCodes: RETRYABLE_STATUSES,
      // A Retry-After on any of them is waited out instead of the backoff, up to maxRetryAfter
      // (shouldRetry refuses a longer one, which ky would otherwise shorten and wait anyway).
      afterStatusCodes: RETRYABLE_STATUSES,
      maxRetryAfter: settings.maxRetryAfterMs,
      delay: (attempt) => backoffDelay({ attempt, random: settings.random() }),
    },
  })

  /** Whether a failed attempt is tried again (`undefined` leaves it to ky's own rules). */
  async function shouldRetry(
    error: Error,
    signal: AbortSignal,
    idempotent: boolean,
  ): Promise<boolean | undefined> {
    // A keyed submit that timed out may have arrived: only another attempt with its key learns
    // whether (the first one's job, or a 409 while it is still in flight).
    if (idempotent && DarkroomTimeoutError.isInstance(error)) return true
    // An abort, or a timeout (its error is a DarkroomTimeoutError): the next attempt would stall
    // the same way, past the time the caller allowed.
    if (error.name === 'AbortError' || DarkroomError.isInstance(error)) return false
    // Anything else without an answer (a network error) is retried.
    if (!isHTTPError(error)) return undefined
    const { response } = error
    const wait = parseRetryAfter(response.headers.get('retry-after'), clock.now())
    if (wait !== undefined && wait > settings.maxRetryAfterMs) return false
    // The gateway says whether trying again can help (a 502 for bad provider credentials
    // cannot). `true` would skip ky's Retry-After handling, so a yes falls through to it.
    const problem = await readProblem(response.clone(), signal)
    return problem?.retryable === false ? false : undefined
  }

  async function send(route: string, path: string, init: SendInit = {}): Promise<Answer> {
    const limit = Math.min(timeoutMs, init.timeoutMs ?? timeoutMs)
    let stop = new AbortController()
    let signal = stop.signal
    const release = () => stop.abort()
    const attempt = (input: Request | URL | string, requestInit?: RequestInit) => {
      release()
      stop = new AbortController()
      const timer = new AbortController()
      clock.sleep(limit, stop.signal).then(
        () =>
          timer.abort(
            new DarkroomTimeoutError(
              `Darkroom gateway: no whole answer to ${route} within ${limit} ms; raise timeoutMs or check the gateway.`,
              { call: route },
            ),
          ),
        () => undefined,
      )
      // ky hands over a Request carrying its own signal (the caller's, and ky's).
      signal = AbortSignal.any([(input as Request).signal, timer.signal])
      // Raced as well, for a fetch that does not honour its signal (an app's own, in-process).
      // Tracked until the headers arrive only: a virtual clock holds still while a request is on
      // the wire, but moves on while a body is read, so a stalled one times out in virtual time.
      return track(
        Promise.race([userFetch(input, { ...requestInit, signal }), untilAborted(signal)]),
      )
    }
    try {
      const response = await api(path, {
        method: init.method ?? 'get',
        ...(init.json !== undefined && { json: init.json }),
        ...(init.body !== undefined && { body: init.body }),
        ...(init.headers && { headers: init.headers }),
        ...(init.signal && { signal: init.signal }),
        fetch: attempt,
        retry: {
          ...(init.retries !== undefined && { limit: init.retries }),
          ...(init.idempotent && SUBMIT_RETRY),
          shouldRetry: ({ error }) => shouldRetry(error, signal, init.idempotent === true),
        },
      })
      return {
        response,
        release,
        body: (check) =>
          readBody(response.body, signal, check)
            .catch((error: unknown) => {
              throw failure(route, error, init.signal)
            })
            .finally(release),
      }
    } catch (error) {
      const mapped =
        isHTTPError(error) && !init.signal?.aborted
          ? surfaceApiError(await apiErrorFrom(route, error.response, clock.now(), signal))
          : failure(route, error, init.signal)
      release()
      throw mapped
    }
  }

  /** What went wrong with a request that got no (whole) answer. */
  function failure(route: string, error: unknown, signal: AbortSignal | undefined): unknown {
    if (signal?.aborted) {
      return new DarkroomAbortError(`Darkroom gateway: ${route} was aborted.`, {
        call: route,
        cause: signal.reason,
      })
    }
    // A timeout or a refused answer (already ours), or a bad option (a `random` outside [0, 1],
    // which core's backoff refuses): not the network.
    if (DarkroomError.isInstance(error) || error instanceof RangeError) return error
    return new NetworkError(
      `Darkroom gateway: ${route} could not reach ${settings.baseUrl} (${error instanceof Error ? error.message : String(error)}).`,
      { call: route, cause: error },
    )
  }

  return {
    settings,
    send,
    async json(route, path, schema, init = {}) {
      const headers = { accept: 'application/json', ...init.headers }
      const answer = await send(route, path, { ...init, headers })
      return parseAnswer(route, schema, new TextDecoder().decode(await answer.body()))
    },
  }
}
