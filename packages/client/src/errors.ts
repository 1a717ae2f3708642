import { DarkroomError, type ErrorCode, ErrorCodeSchema, InvalidInputError } from '@darkroom/core'
import type { GatewayProblemCode, Problem } from './wire/index.js'

const API = Symbol.for('darkroom.error.api')
const RESPONSE = Symbol.for('darkroom.error.gateway-response')

/** @internal whether `error` carries `marker`: the client's errors' `isInstance`, across copies. */
export function marked(error: unknown, marker: symbol): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as Record<symbol, unknown>)[marker] === true
  )
}

/** What a {@link DarkroomApiError} is built from. */
export interface DarkroomApiErrorOptions {
  /** The HTTP status of the answer. */
  status: number
  /** Core's normalized reason (see {@link errorCodeFor}). */
  code: ErrorCode
  /** Whether the same request may succeed later (the gateway's say, else from the status). */
  retryable: boolean
  /** `METHOD /route` with the id left as `:id`, so messages and logs stay short and free of tokens. */
  route: string
  /** The gateway's request id, when it gave one. */
  requestId?: string | null | undefined
  /** The problem document, when the answer was one. */
  problem?: Problem | null | undefined
  /**
   * From `Retry-After`, in milliseconds; kept on `DarkroomError` itself as `retryAfterMs`, where
   * core's polling engine reads it. Default: none.
   */
  retryAfterMs?: number | undefined
  cause?: unknown
}

/**
 * The gateway answered with an error. `code` is core's normalized reason (the gateway's own codes
 * are mapped: `method_not_allowed` and `payload_too_large` to `invalid_input`, `request_timeout`
 * to `timeout`, `overloaded` to `out_of_resources`, `internal` to `provider_error`; the exact one
 * stays in `problem.code`). Check with
 * `DarkroomApiError.isInstance(e)`: it works across bundles and duplicate package copies.
 */
export class DarkroomApiError extends DarkroomError {
  /** @internal identifies these errors across realms and package copies. */
  readonly [API] = true
  readonly status: number
  /** The gateway's request id (from the problem or `X-Request-Id`), for support tickets. */
  readonly requestId: string | null
  /** The problem document, or null when the answer was not one (a proxy's HTML page, say). */
  readonly problem: Problem | null
  /** The call that failed, as `METHOD /route` with ids left out, e.g. `GET /v1/jobs/:id`. */
  readonly route: string

  constructor(message: string, options: DarkroomApiErrorOptions) {
    super(message, options)
    this.name = 'DarkroomApiError'
    this.status = options.status
    this.requestId = options.requestId ?? null
    this.problem = options.problem ?? null
    this.route = options.route
  }

  static override isInstance(error: unknown): error is DarkroomApiError {
    return marked(error, API)
  }
}

/**
 * What a gateway's error surfaces as. A refused input (a problem with code `invalid_input`) is
 * core's `InvalidInputError`, whose `issues` are the problem's `errors` (the same class and paths
 * as from the direct transport, so callers check one thing); its `cause` is this
 * `DarkroomApiError`, which keeps the status, the request id and the whole problem. Any other
 * error stays a `DarkroomApiError`.
 */
export function surfaceApiError(error: DarkroomApiError): DarkroomApiError | InvalidInputError {
  if (error.problem?.code !== 'invalid_input') return error
  return new InvalidInputError(error.message, {
    issues: error.problem.errors ?? [],
    call: error.route,
    cause: error,
  })
}

/**
 * The gateway answered, but not with what its API promises (a proxy, another service at that
 * URL, or an incompatible gateway version). Raised at once, naming the route and the fields,
 * instead of letting an `undefined` surface somewhere later.
 */
export class GatewayResponseError extends DarkroomError {
  /** @internal identifies these errors across realms and package copies. */
  readonly [RESPONSE] = true
  /** The call whose answer did not match, e.g. `GET /v1/jobs/:id`. */
  readonly route: string
  /** Dotted paths of the fields that did not match, e.g. `state` or `images.0.index`. */
  readonly fields: string[]

  constructor(message: string, options: { route: string; fields: string[]; cause?: unknown }) {
    super(message, { code: 'unexpected_response', retryable: false, cause: options.cause })
    this.name = 'GatewayResponseError'
    this.route = options.route
    this.fields = options.fields
  }

  static override isInstance(error: unknown): error is GatewayResponseError {
    return marked(error, RESPONSE)
  }
}

/** Core's code for each of the gateway's own problem codes. */
const GATEWAY_CODES: Record<GatewayProblemCode, ErrorCode> = {
  method_not_allowed: 'invalid_input',
  payload_too_large: 'invalid_input',
  request_timeout: 'timeout',
  overloaded: 'out_of_resources',
  // A call this gateway cannot serve (no job store): asking again will not help, as a bad input.
  store_required: 'invalid_input',
  unsupported_media_type: 'invalid_input',
  // The link is refused as a bad signature is: a fresh one comes from reading the job again.
  link_expired: 'forbidden',
  // Nothing to resend yet: the request, not the gateway, is what must change.
  no_delivery: 'invalid_input',
  // The caller's key, not the provider, is at issue: a new key (reused) or a later retry
  // (in flight, `retryable: true`) is the remedy.
  idempotency_key_reused: 'invalid_input',
  idempotency_key_in_flight: 'invalid_input',
  internal: 'provider_error',
}

/** Core's error code for a problem code and HTTP status (unknown codes are read from the status). */
export function errorCodeFor(problemCode: string | undefined, status: number): ErrorCode {
  if (problemCode !== undefined) {
    if ((ErrorCodeSchema.options as readonly string[]).includes(problemCode))
      return problemCode as ErrorCode
    if (Object.hasOwn(GATEWAY_CODES, problemCode))
      return GATEWAY_CODES[problemCode as GatewayProblemCode]
  }
  if (status === 401) return 'unauthorized'
  if (status === 403) return 'forbidden'
  if (status === 404) return 'not_found'
  if (status === 429) return 'rate_limited'
  if (status === 408 || status === 504) return 'timeout'
  return status < 500 ? 'invalid_input' : 'provider_error'
}
