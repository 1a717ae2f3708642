import type { Problem, ProblemCode } from '@darkroom/client/wire'
import {
  DarkroomError,
  type ErrorCode,
  IdempotencyConflictError,
  type InputIssue,
  InvalidInputError,
  ProviderApiError,
} from '@darkroom/core'
import { HTTPException } from 'hono/http-exception'
import { HttpProblem } from './http-problem.js'

/** The `title` of each problem code. */
const TITLES: Record<ProblemCode, string> = {
  invalid_input: 'Invalid input',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  payload_too_large: 'Payload too large',
  request_timeout: 'Request timeout',
  overloaded: 'Gateway overloaded',
  rate_limited: 'Rate limited',
  quota_exhausted: 'Provider quota exhausted',
  content_rejected: 'Content rejected',
  out_of_resources: 'Provider out of resources',
  provider_error: 'Provider error',
  unexpected_response: 'Unexpected provider response',
  network: 'Provider unreachable',
  timeout: 'Provider timeout',
  canceled: 'Canceled',
  submit_outcome_unknown: 'Submit outcome unknown',
  store_required: 'Job store required',
  unsupported_media_type: 'Unsupported media type',
  link_expired: 'Link expired',
  no_delivery: 'No webhook delivery',
  idempotency_key_reused: 'Idempotency-Key reused',
  idempotency_key_in_flight: 'Idempotency-Key in flight',
  internal: 'Internal error',
}

/** What a problem needs besides the request id. */
export interface ProblemInput {
  status: number
  code: ProblemCode
  detail: string
  retryable?: boolean
  errors?: InputIssue[]
}

/** Builds the problem document. */
export function problemBody(input: ProblemInput, requestId: string): Problem {
  return {
    type: `urn:darkroom:problem:${input.code}`,
    title: TITLES[input.code],
    status: input.status,
    detail: input.detail,
    code: input.code,
    retryable: input.retryable ?? false,
    requestId,
    ...(input.errors ? { errors: input.errors } : {}),
  }
}

/**
 * The HTTP status for a provider-side error. A provider refusing *our* credentials is the
 * gateway's problem (502), not the caller's (401); a provider rate limit stays a 429.
 */
const STATUS_FOR_CODE: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthorized: 502,
  forbidden: 502,
  not_found: 404,
  rate_limited: 429,
  quota_exhausted: 402,
  content_rejected: 422,
  out_of_resources: 503,
  provider_error: 502,
  unexpected_response: 502,
  network: 502,
  timeout: 504,
  canceled: 503,
  // 502, not 504: the provider gave no usable answer, whether it timed out, dropped the
  // connection or answered something unreadable; `retryable: false` says not to resubmit.
  submit_outcome_unknown: 502,
}

/**
 * The problem, and its headers, for anything a route or middleware throws: the gateway's own
 * `HttpProblem`s, Hono's `HTTPException`s below 500, core's errors (Retry-After for rate limits;
 * `errors` for invalid input), and anything else as a 500 that gives nothing away.
 */
export function problemFromError(
  error: unknown,
  redact: (text: string) => string,
): { input: ProblemInput; headers: Record<string, string> } {
  if (HttpProblem.isInstance(error)) return { input: error.problem, headers: error.headers }
  if (error instanceof HTTPException && error.status < 500) {
    const input: ProblemInput =
      error.status === 413
        ? { status: 413, code: 'payload_too_large', detail: error.message || 'Payload too large.' }
        : {
            status: error.status,
            code: 'invalid_input',
            detail:
              error.status === 400
                ? `The request is malformed: ${error.message || 'unreadable body'}. Send JSON with Content-Type: application/json.`
                : error.message,
          }
    return { input, headers: {} }
  }
  if (!DarkroomError.isInstance(error)) {
    return {
      input: {
        status: 500,
        code: 'internal',
        detail: 'An unexpected error happened; it has been logged with this request id.',
      },
      headers: {},
    }
  }
  if (IdempotencyConflictError.isInstance(error)) return idempotencyProblem(error)
  const headers: Record<string, string> = {}
  if (ProviderApiError.isInstance(error) && error.code === 'rate_limited') {
    headers['retry-after'] = String(Math.max(1, Math.ceil((error.retryAfterMs ?? 1000) / 1000)))
  }
  const input: ProblemInput = {
    status: STATUS_FOR_CODE[error.code],
    code: error.code,
    detail: redact(error.message),
    retryable: error.retryable,
  }
  if (InvalidInputError.isInstance(error)) {
    input.errors = error.issues.map((i) => ({ path: i.path, message: redact(i.message) }))
  }
  return { input, headers }
}

/** A key's conflict: 422 for a key reused with another request, 409 (+ Retry-After) in flight. */
function idempotencyProblem(error: IdempotencyConflictError): {
  input: ProblemInput
  headers: Record<string, string>
} {
  if (error.reason === 'reused') {
    return {
      input: { status: 422, code: 'idempotency_key_reused', detail: error.message },
      headers: {},
    }
  }
  const seconds = String(Math.max(1, Math.ceil((error.retryAfterMs ?? 1000) / 1000)))
  return {
    input: {
      status: 409,
      code: 'idempotency_key_in_flight',
      detail: error.message,
      retryable: true,
    },
    headers: { 'retry-after': seconds },
  }
}
