import {
  DarkroomAbortError,
  DarkroomError,
  DarkroomTimeoutError,
  type ErrorCode,
  IdempotencyConflictError,
  type InputIssue,
  InvalidInputError,
  type Job,
  ProviderApiError,
  type ProviderId,
  SubmitOutcomeUnknownError,
} from '@darkroom/core'
import { HttpProblem } from '../../http/http-problem.js'
import type { ProblemInput } from '../../http/problem.js'

/**
 * An error thrown in a Durable Object, as plain data. Workers RPC keeps only an error's message
 * across the call, and the gateway needs the class and its fields (its problem's status, a
 * `Retry-After`, the invalid fields, a watch's last snapshot), so the object answers this and the
 * Worker throws the error again ({@link errorFromWire}). Messages are redacted in the object.
 */
export type WireError =
  | { kind: 'problem'; problem: ProblemInput; headers: Record<string, string> }
  | {
      kind: 'invalid_input'
      message: string
      issues: InputIssue[]
      provider?: ProviderId
      call?: string
    }
  | {
      kind: 'timeout'
      message: string
      provider?: ProviderId
      call?: string
      lastSnapshot: Job | null
    }
  | { kind: 'abort'; message: string; provider?: ProviderId; call?: string }
  | { kind: 'idempotency_conflict'; message: string; reason: IdempotencyConflictError['reason'] }
  | {
      kind: 'submit_outcome_unknown'
      message: string
      provider: ProviderId
      reason: SubmitOutcomeUnknownError['reason']
    }
  | {
      kind: 'provider_api'
      message: string
      provider: ProviderId
      call: string
      code: ErrorCode
      status: number
      providerCode: string | null
      retryable: boolean
      retryAfterMs?: number
      requestId: string | null
    }
  | {
      kind: 'darkroom'
      message: string
      code: ErrorCode
      retryable: boolean
      provider?: ProviderId
      call?: string
      retryAfterMs?: number
    }
  | { kind: 'internal' }

/** What an object's call answers: its value, or the error it threw. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: WireError }

/** Drops the keys whose value is undefined: RPC and exact optional types both want them absent. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter((e) => e[1] !== undefined)) as T
}

/**
 * An error as {@link WireError}; `redact` scrubs every message. Anything that is not the
 * gateway's or core's is `internal` and is logged here, in the object, where its stack is.
 */
export function errorToWire(error: unknown, redact: (text: string) => string): WireError {
  if (HttpProblem.isInstance(error)) {
    return { kind: 'problem', problem: error.problem, headers: error.headers }
  }
  if (!DarkroomError.isInstance(error)) {
    console.error(redact(error instanceof Error ? (error.stack ?? error.message) : String(error)))
    return { kind: 'internal' }
  }
  const message = redact(error.message)
  const where = defined({ provider: error.provider, call: error.call })
  if (InvalidInputError.isInstance(error)) {
    const issues = error.issues.map((i) => ({ path: i.path, message: redact(i.message) }))
    return { kind: 'invalid_input', message, issues, ...where }
  }
  if (DarkroomTimeoutError.isInstance(error)) {
    return { kind: 'timeout', message, lastSnapshot: error.lastSnapshot, ...where }
  }
  if (DarkroomAbortError.isInstance(error)) return { kind: 'abort', message, ...where }
  if (IdempotencyConflictError.isInstance(error)) {
    return { kind: 'idempotency_conflict', message, reason: error.reason }
  }
  if (SubmitOutcomeUnknownError.isInstance(error)) {
    return {
      kind: 'submit_outcome_unknown',
      message,
      provider: error.provider,
      reason: error.reason,
    }
  }
  if (ProviderApiError.isInstance(error)) {
    return defined({
      kind: 'provider_api',
      message,
      provider: error.provider,
      call: error.call ?? 'unknown',
      code: error.code,
      status: error.status,
      providerCode: error.providerCode,
      retryable: error.retryable,
      retryAfterMs: error.retryAfterMs,
      requestId: error.requestId,
    })
  }
  return defined({
    kind: 'darkroom',
    message,
    code: error.code,
    retryable: error.retryable,
    retryAfterMs: error.retryAfterMs,
    ...where,
  })
}

/** The error a {@link WireError} stands for, thrown again on the Worker's side. */
export function errorFromWire(wire: WireError): Error {
  switch (wire.kind) {
    case 'problem':
      return new HttpProblem(wire.problem, wire.headers)
    case 'invalid_input':
      return new InvalidInputError(
        wire.message,
        defined({ issues: wire.issues, provider: wire.provider, call: wire.call }),
      )
    case 'timeout':
      return new DarkroomTimeoutError(
        wire.message,
        defined({ provider: wire.provider, call: wire.call, lastSnapshot: wire.lastSnapshot }),
      )
    case 'abort':
      return new DarkroomAbortError(
        wire.message,
        defined({ provider: wire.provider, call: wire.call }),
      )
    case 'idempotency_conflict':
      return new IdempotencyConflictError(wire.message, { reason: wire.reason })
    case 'submit_outcome_unknown':
      return new SubmitOutcomeUnknownError(wire.message, {
        provider: wire.provider,
        reason: wire.reason,
      })
    case 'provider_api': {
      const { kind: _kind, message, ...options } = wire
      return new ProviderApiError(message, options)
    }
    case 'darkroom': {
      const { kind: _kind, message, ...options } = wire
      return new DarkroomError(message, options)
    }
    case 'internal':
      // Rendered as the gateway's 500 that gives nothing away: the object logged the cause.
      return new Error('The jobs Durable Object failed; its log has the cause.')
  }
}

/** Runs `work` in the object and answers its outcome, never a thrown error. */
export async function outcome<T>(
  work: () => Promise<T> | T,
  redact: (text: string) => string,
): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() }
  } catch (error) {
    return { ok: false, error: errorToWire(error, redact) }
  }
}

/** The value of an object's answer, or its error thrown again. */
export function unwrap<T>(answer: Outcome<T>): T {
  if (answer.ok) return answer.value
  throw errorFromWire(answer.error)
}
