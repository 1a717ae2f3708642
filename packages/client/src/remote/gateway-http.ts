import {
  backoffDelay,
  type Clock,
  DarkroomAbortError,
  DarkroomError,
  DarkroomTimeoutError,
  NetworkError,
  parseRetryAfter,
} from '@darkroom/core'
import ky, { isHTTPError, isTimeoutError } from 'ky'
import * as v from 'valibot'
import { DarkroomApiError, errorCodeFor, surfaceApiError } from '../errors.js'
import type { Problem } from '../wire/index.js'
import { ProblemSchema, parseAnswer } from './answers.js'

/** How the remote transport reaches the gateway, resolved from the client's options. */
export interface GatewaySettings {
  baseUrl: string
  apiKey: string
  fetch?: typeof fetch | undefined
  timeoutMs: number
  retries: number
  /** Longest `Retry-After` waited out by an automatic retry; a longer one surfaces as the error. */
  maxRetryAfterMs: number
  clock: Clock
  /** The jitter of every backoff, a uniform draw in [0, 1). */
  random: () => number
}

/**
 * Answers worth retrying unchanged when the gateway does not say otherwise (its problem's
 * `retryable` decides when there is one): timeouts, rate limits and server-side failures.
 */
const RETRYABLE_STATUSES = [408, 429, 500, 502, 503, 504]

/** One request to the gateway. */
export interface SendInit {
  method?: 'get' | 'post' | undefined
  json?: unknown
  headers?: Record<string, string> | undefined
  signal?: AbortSignal | undefined
  /** Overrides the client's retries (the polling engine passes 0: it owns waiting between polls). */
  retries?: number | undefined
}

/** The gateway over HTTP: requests with auth, timeouts, retries and errors already mapped. */
export interface Gateway {
  readonly settings: GatewaySettings
  /**
   * Sends a request; a non-2xx answer rejects with a `DarkroomApiError` (an `InvalidInputError`
   * for a refused input: see `surfaceApiError`).
   */
  send(route: string, path: string, init?: SendInit): Promise<Response>
  /** Sends a request and validates its JSON answer against `schema`. */
  json<T>(
    route: string,
    path: string,
    schema: v.GenericSchema<unknown, T>,
    init?: SendInit,
  ): Promise<T>
  /**
   * Reads an answer's body (`response.text()`, `.arrayBuffer()`): tracked on a virtual clock, and
   * a connection lost mid-body is a `NetworkError`, as it would be before the headers.
   */
  read<T>(route: string, body: Promise<T>, signal?: AbortSignal | undefined): Promise<T>
}

async function readProblem(response: Response): Promise<Problem | null> {
  if (!/json/i.test(response.headers.get('content-type') ?? '')) return null
  try {
    const parsed = v.safeParse(ProblemSchema, await response.json())
    return parsed.success ? parsed.output : null
  } catch {
    return null
  }
}

/** Turns a non-2xx answer into a `DarkroomApiError`, keeping the problem document. */
export async function apiErrorFrom(
  route: string,
  response: Response,
  now: number,
): Promise<DarkroomApiError> {
  const problem = await readProblem(response)
  const { status } = response
  const code = errorCodeFor(problem?.code, status)
  const requestId = problem?.requestId || response.headers.get('x-request-id')
  const detail = problem?.detail ?? `HTTP ${status} ${response.statusText}`.trim()
  return new DarkroomApiError(
    `Darkroom gateway: ${route} answered ${status} (${problem?.code ?? code}): ${detail}${requestId ? ` [request ${requestId}]` : ''}`,
    {
      status,
      code,
      retryable: problem?.retryable ?? RETRYABLE_STATUSES.includes(status),
      route,
      requestId,
      problem,
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), now),
    },
  )
}

/**
 * Creates the HTTP side of the remote transport, on ky. Reads are retried by ky itself, on its own
 * timer (`setTimeout`, not the client's clock): each wait is core's `backoffDelay` with the
 * client's random source, or the answer's `Retry-After`. Nothing else here sleeps; the waits
 * of a watch (reconnects, polls) are on the client's clock, in `WatchScope`.
 */
export function createGateway(settings: GatewaySettings): Gateway {
  const { clock, timeoutMs } = settings
  const track = <T>(work: Promise<T>) => (clock.track ? clock.track(work) : work)
  const userFetch = settings.fetch
  const api = ky.create({
    prefixUrl: settings.baseUrl,
    headers: { authorization: `Bearer ${settings.apiKey}` },
    timeout: timeoutMs,
    // Each attempt is tracked until its headers arrive (and bodies are read under `track` below),
    // so a virtual clock holds still while a request is on the wire, but not through retry waits.
    fetch: (input, init) => track(userFetch ? userFetch(input, init) : fetch(input, init)),
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
      async shouldRetry({ error }) {
        if (error.name === 'AbortError') return false
        // Anything else without an answer (a network error) is ky's call: retried, but a timeout not.
        if (!isHTTPError(error)) return undefined
        const { response } = error
        const wait = parseRetryAfter(response.headers.get('retry-after'), clock.now())
        if (wait !== undefined && wait > settings.maxRetryAfterMs) return false
        // The gateway says whether trying again can help (a 502 for bad provider credentials
        // cannot). `true` would skip ky's Retry-After handling, so a yes falls through to it.
        const problem = await readProblem(response.clone())
        return problem?.retryable === false ? false : undefined
      },
    },
  })

  async function send(route: string, path: string, init: SendInit = {}): Promise<Response> {
    try {
      return await api(path, {
        method: init.method ?? 'get',
        ...(init.json !== undefined && { json: init.json }),
        ...(init.headers && { headers: init.headers }),
        ...(init.signal && { signal: init.signal }),
        ...(init.retries !== undefined && { retry: { limit: init.retries } }),
      })
    } catch (error) {
      if (isHTTPError(error) && !init.signal?.aborted) {
        throw surfaceApiError(await apiErrorFrom(route, error.response, clock.now()))
      }
      throw failure(route, error, init.signal)
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
    if (isTimeoutError(error)) {
      return new DarkroomTimeoutError(
        `Darkroom gateway: no answer to ${route} within ${timeoutMs} ms; raise timeoutMs or check the gateway.`,
        { call: route, cause: error },
      )
    }
    // A bad option (a `random` outside [0, 1], which core's backoff refuses), not the network.
    if (DarkroomError.isInstance(error) || error instanceof RangeError) return error
    return new NetworkError(
      `Darkroom gateway: ${route} could not reach ${settings.baseUrl} (${error instanceof Error ? error.message : String(error)}).`,
      { call: route, cause: error },
    )
  }

  async function read<T>(route: string, body: Promise<T>, signal?: AbortSignal): Promise<T> {
    try {
      return await track(body)
    } catch (error) {
      throw failure(route, error, signal)
    }
  }

  return {
    settings,
    send,
    read,
    async json(route, path, schema, init = {}) {
      const headers = { accept: 'application/json', ...init.headers }
      const response = await send(route, path, { ...init, headers })
      const text = await read(route, response.text(), init.signal)
      let data: unknown
      try {
        data = JSON.parse(text)
      } catch {
        return parseAnswer(route, schema, undefined, 'answer (not JSON)')
      }
      return parseAnswer(route, schema, data)
    },
  }
}
