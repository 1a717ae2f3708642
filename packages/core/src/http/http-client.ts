import { abortReason, type Clock, startTimer, systemClock } from '../clock/clock.js'
import {
  DarkroomAbortError,
  DarkroomTimeoutError,
  NetworkError,
  ResponseValidationError,
} from '../errors/index.js'
import type { ProviderId } from '../model/job.js'
import { backoffDelay } from './backoff.js'
import { createRedactor } from './redact.js'
import { parseRetryAfter } from './retry-after.js'

/** Options of {@link createHttpClient}. */
export interface HttpClientOptions {
  /** The provider this client talks to, named in every error. */
  provider: ProviderId
  /** Swappable `fetch` (tests and in-process emulators pass their own). Default: global `fetch`. */
  fetch?: typeof fetch | undefined
  /** Time source for timeouts and backoff. Default: the wall clock. */
  clock?: Clock | undefined
  /** Extra attempts of an idempotent call after a transient failure. Default 2. */
  retries?: number | undefined
  /**
   * First backoff ceiling in milliseconds; doubles per attempt. Waits are core's
   * `backoffDelay`: between half the ceiling and all of it, or a longer `Retry-After`. Default 250
   * (shorter than between polls: these waits hold one call open).
   */
  backoffBaseMs?: number | undefined
  /** Largest backoff ceiling in milliseconds. Default 4000. */
  backoffCapMs?: number | undefined
  /**
   * Longest `Retry-After` waited out inside one call. A longer one is returned to the caller
   * (the polling engine waits it out between polls instead of holding a call open). Default 10 000.
   */
  maxRetryAfterMs?: number | undefined
  /** Per-attempt timeout in milliseconds. Default 30 000. */
  timeoutMs?: number | undefined
  /** Source of jitter, in [0, 1). Default `Math.random`. */
  random?: (() => number) | undefined
  /**
   * Strings removed from every answer's text before anything reads it: the adapter's own
   * credentials, so that a provider echoing one cannot put it, or a piece of it left by a cut,
   * into an error message or a raw snapshot. Default none.
   */
  secrets?: readonly string[] | undefined
  /**
   * Told of every attempt of every call once it ends, answered or not (for metrics: requests by
   * provider, call and outcome). It must not throw; what it throws is ignored, so counting can
   * never fail a provider call. Default none (no event is built).
   */
  onRequest?: ((event: RequestEvent) => void) | undefined
}

/** One attempt of a provider call, as {@link HttpClientOptions.onRequest} is told of it. */
export interface RequestEvent {
  provider: ProviderId
  /** The call's name: `submit`, `status`, `image`... */
  call: string
  /** 1 for the first attempt, 2 for the first retry, and so on. */
  attempt: number
  /** The HTTP status of the answer, or null when none arrived. */
  status: number | null
  /** Why no answer arrived (`network`, `timeout`, `aborted`), or null when one did. */
  error: 'network' | 'timeout' | 'aborted' | null
  /** From sending to the whole body read (or the failure), in the client's clock's ms. */
  durationMs: number
}

/** One prepared HTTP request. */
export interface PreparedRequest {
  method: string
  url: string
  headers: Record<string, string>
  body?: string | undefined
}

/** One logical provider call. */
export interface HttpCall {
  /** The call's name in errors, e.g. `submit`, `status`, `image`. */
  call: string
  /**
   * False for calls that must never be sent twice (a submit): they get no retry at all, not
   * even after a network error, because the first attempt may have reached the provider.
   */
  idempotent: boolean
  /** Builds the request; called again for each attempt, so dates, nonces and signatures are fresh. */
  prepare(): Promise<PreparedRequest>
  signal?: AbortSignal | undefined
  /** Overrides the client's per-attempt timeout. */
  timeoutMs?: number | undefined
  /** Overrides the client's number of retries for this call (idempotent calls only). */
  retries?: number | undefined
}

/** A provider's answer, fully read. */
export interface HttpResult {
  status: number
  headers: Headers
  body: Uint8Array
  /** `Retry-After` in milliseconds, when the answer carried one. */
  retryAfterMs: number | undefined
  /** How many attempts it took. */
  attempts: number
  /** The body as text, without the client's `secrets`. */
  text(): string
  /** Parses the body as JSON; a body that is not JSON is a `ResponseValidationError`. */
  json(): unknown
}

/** Sends provider calls with timeouts, transient-failure retries and fresh signatures per attempt. */
export interface HttpClient {
  send(call: HttpCall): Promise<HttpResult>
}

/** One decoder for every answer: building a `TextDecoder` costs more than decoding a status body. */
const decoder = new TextDecoder()

/** True for answers worth retrying unchanged: rate limits and server-side failures. */
export function isTransientStatus(status: number): boolean {
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504
}

/**
 * The one HTTP helper every adapter uses. It calls `fetch` directly: retries, timeouts and
 * backoff all run on the injected clock (so virtual time governs them), which leaves nothing for a
 * request library to add, and keeps the gateway's Worker bundle small.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const provider = options.provider
  const clock = options.clock ?? systemClock
  const retries = options.retries ?? 2
  const baseMs = options.backoffBaseMs ?? 250
  const capMs = options.backoffCapMs ?? 4000
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 10_000
  const random = options.random ?? Math.random
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const redact = createRedactor(options.secrets ?? [])
  const onRequest = options.onRequest
  const report = (
    call: HttpCall,
    attempt: number,
    startedAt: number,
    status: number | null,
    error: RequestEvent['error'],
  ) => {
    try {
      onRequest?.({
        provider,
        call: call.call,
        attempt,
        status,
        error,
        durationMs: clock.now() - startedAt,
      })
    } catch {
      // Metrics are never worth a failed provider call (see `onRequest`).
    }
  }

  async function attempt(call: HttpCall, attemptNo: number): Promise<HttpResult> {
    const prepared = await call.prepare()
    const timeoutMs = call.timeoutMs ?? options.timeoutMs ?? 30_000
    const controller = new AbortController()
    const onCallerAbort = () => controller.abort(abortReason(call.signal as AbortSignal))
    call.signal?.addEventListener('abort', onCallerAbort, { once: true })
    // The caller may have aborted while the request was being prepared (signing is async).
    if (call.signal?.aborted) onCallerAbort()
    let timedOut = false
    const stopTimer = startTimer(clock, timeoutMs, () => {
      timedOut = true
      controller.abort(new DOMException('timeout', 'TimeoutError'))
    })
    const startedAt = onRequest ? clock.now() : 0
    try {
      // A URL and an init rather than a `Request`: building one per attempt costs a body stream
      // and a follower signal, and an in-process or keep-alive fetch needs neither.
      const response = await fetchImpl(prepared.url, {
        method: prepared.method,
        headers: prepared.headers,
        body: prepared.body,
        signal: controller.signal,
      })
      const body = new Uint8Array(await response.arrayBuffer())
      if (onRequest) report(call, attemptNo, startedAt, response.status, null)
      return result(response, body, attemptNo)
    } catch (error) {
      if (onRequest) {
        const kind = call.signal?.aborted ? 'aborted' : timedOut ? 'timeout' : 'network'
        report(call, attemptNo, startedAt, null, kind)
      }
      if (call.signal?.aborted) {
        throw new DarkroomAbortError(`${provider} ${call.call} was aborted.`, {
          provider,
          call: call.call,
          cause: error,
        })
      }
      if (timedOut) {
        throw new DarkroomTimeoutError(
          `${provider} ${call.call} got no answer within ${timeoutMs} ms; the provider may be slow, try again or raise timeoutMs.`,
          { provider, call: call.call, cause: error },
        )
      }
      throw new NetworkError(
        `${provider} ${call.call} failed before an answer arrived (${describe(error)}); check the base URL and the network.`,
        { provider, call: call.call, cause: error },
      )
    } finally {
      stopTimer()
      call.signal?.removeEventListener('abort', onCallerAbort)
    }
  }

  function result(response: Response, body: Uint8Array, attempts: number): HttpResult {
    return {
      status: response.status,
      headers: response.headers,
      body,
      attempts,
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), clock.now()),
      text: () => redact(decoder.decode(body)),
      json() {
        const text = redact(decoder.decode(body))
        try {
          return JSON.parse(text) as unknown
        } catch (cause) {
          throw new ResponseValidationError(
            `${provider} answered a call with a body that is not JSON (HTTP ${response.status}, ${body.length} bytes).`,
            { provider, call: 'response', fields: ['(body)'], cause },
          )
        }
      },
    }
  }

  return {
    async send(call) {
      const maxAttempts = call.idempotent ? (call.retries ?? retries) + 1 : 1
      for (let attemptNo = 1; ; attemptNo++) {
        if (call.signal?.aborted) {
          throw new DarkroomAbortError(`${provider} ${call.call} was aborted.`, {
            provider,
            call: call.call,
          })
        }
        const track = clock.track?.bind(clock) ?? (<T>(p: Promise<T>) => p)
        let outcome: HttpResult | undefined
        let failure: unknown
        try {
          outcome = await track(attempt(call, attemptNo))
        } catch (error) {
          failure = error
        }
        const transient = outcome
          ? isTransientStatus(outcome.status)
          : NetworkError.isInstance(failure) || DarkroomTimeoutError.isInstance(failure)
        if (!transient || attemptNo >= maxAttempts) {
          if (outcome) return outcome
          throw failure
        }
        const retryAfter = outcome?.retryAfterMs
        if (retryAfter !== undefined && retryAfter > maxRetryAfterMs) return outcome as HttpResult
        const delay = backoffDelay({
          attempt: attemptNo,
          random: random(),
          baseMs,
          capMs,
          retryAfterMs: retryAfter,
        })
        try {
          await clock.sleep(delay, call.signal)
        } catch (cause) {
          throw new DarkroomAbortError(`${provider} ${call.call} was aborted.`, {
            provider,
            call: call.call,
            cause,
          })
        }
      }
    },
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message || error.name
  return String(error)
}
