import { DarkroomError, hasMarker } from './darkroom-error.js'

const CONFLICT = Symbol.for('darkroom.error.idempotency-conflict')

/**
 * Why an `Idempotency-Key` could not be used: `reused` (it was sent before with another request:
 * send this one with a new key), `in-flight` (the first request with it is still being submitted:
 * ask again after `retryAfterMs`).
 */
export type IdempotencyConflictReason = 'reused' | 'in-flight'

/**
 * A keyed submit refused because of what its key already stands for. Nothing was sent to the
 * provider. `retryable` only when `in-flight`: the same request with the same key then answers
 * the first one's job. A gateway answers `reused` as a 422 (`idempotency_key_reused`) and
 * `in-flight` as a 409 (`idempotency_key_in_flight`) with `Retry-After`.
 */
export class IdempotencyConflictError extends DarkroomError {
  readonly [CONFLICT] = true
  /** What the key stands for already. */
  readonly reason: IdempotencyConflictReason

  constructor(message: string, options: { reason: IdempotencyConflictReason }) {
    const inFlight = options.reason === 'in-flight'
    super(message, {
      code: 'invalid_input',
      retryable: inFlight,
      call: 'submit',
      ...(inFlight && { retryAfterMs: 1000 }),
    })
    this.name = 'IdempotencyConflictError'
    this.reason = options.reason
  }

  /** The key was sent before with another request. */
  static reused(): IdempotencyConflictError {
    return new IdempotencyConflictError(
      'This Idempotency-Key was sent before with another request (another provider, operation, input or webhook). Send a new key for a new request, or the first request unchanged to get its job.',
      { reason: 'reused' },
    )
  }

  /** The first request with the key is still being submitted. */
  static inFlight(): IdempotencyConflictError {
    return new IdempotencyConflictError(
      'The first request with this Idempotency-Key is still being submitted. Send it again after Retry-After to get its job.',
      { reason: 'in-flight' },
    )
  }

  static override isInstance(error: unknown): error is IdempotencyConflictError {
    return hasMarker(error, CONFLICT)
  }
}
