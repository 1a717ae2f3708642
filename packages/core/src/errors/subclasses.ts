import type { ErrorCode, Job, ProviderId } from '../model/job.js'
import { DarkroomError, hasMarker } from './darkroom-error.js'
import type { InputIssue } from './input-issue.js'

const API = Symbol.for('darkroom.error.provider-api')
const VALIDATION = Symbol.for('darkroom.error.response-validation')
const INPUT = Symbol.for('darkroom.error.invalid-input')
const HANDLE = Symbol.for('darkroom.error.invalid-handle')
const TIMEOUT = Symbol.for('darkroom.error.timeout')
const ABORT = Symbol.for('darkroom.error.abort')
const NETWORK = Symbol.for('darkroom.error.network')

/** Details of a provider's refusal of a call. */
export interface ProviderApiErrorOptions {
  provider: ProviderId
  call: string
  code: ErrorCode
  /** HTTP status of the answer (200 for a business error inside a 200 envelope). */
  status: number
  /** The provider's own error code, e.g. `B_PARAMETER_NOT_FOUND_EXCEPTION`, `501`. */
  providerCode: string | null
  retryable: boolean
  /** How long the provider asked us to wait, from `Retry-After` or its own hint (on the base). */
  retryAfterMs?: number | undefined
  /** The provider's request id, for support tickets. */
  requestId?: string | null | undefined
  cause?: unknown
}

/** A provider answered a call with an error: bad credentials, rate limit, invalid input, 5xx. */
export class ProviderApiError extends DarkroomError {
  readonly [API] = true
  declare readonly provider: ProviderId
  readonly status: number
  readonly providerCode: string | null
  readonly requestId: string | null

  constructor(message: string, options: ProviderApiErrorOptions) {
    super(message, options)
    this.name = 'ProviderApiError'
    this.status = options.status
    this.providerCode = options.providerCode
    this.requestId = options.requestId ?? null
  }

  static override isInstance(error: unknown): error is ProviderApiError {
    return hasMarker(error, API)
  }
}

/** A provider answered with something that does not match what we expect of it. */
export class ResponseValidationError extends DarkroomError {
  readonly [VALIDATION] = true
  /** Dotted paths of the fields that did not match, e.g. `data.jobStatus`. */
  readonly fields: string[]

  constructor(
    message: string,
    options: { provider: ProviderId; call: string; fields: string[]; cause?: unknown },
  ) {
    super(message, { ...options, code: 'unexpected_response', retryable: false })
    this.name = 'ResponseValidationError'
    this.fields = options.fields
  }

  static override isInstance(error: unknown): error is ResponseValidationError {
    return hasMarker(error, VALIDATION)
  }
}

/**
 * The caller's input was refused before anything was sent: the same class, with the same
 * `issues`, from the direct client and from a gateway (whose answer is then the `cause`).
 */
export class InvalidInputError extends DarkroomError {
  readonly [INPUT] = true
  /** Each refused part of the request; paths are relative to the input (see `InputIssue`). */
  readonly issues: InputIssue[]

  constructor(
    message: string,
    options: { issues: InputIssue[]; provider?: ProviderId; call?: string; cause?: unknown },
  ) {
    super(message, { ...options, code: 'invalid_input', retryable: false })
    this.name = 'InvalidInputError'
    this.issues = options.issues
  }

  static override isInstance(error: unknown): error is InvalidInputError {
    return hasMarker(error, INPUT)
  }
}

/** A job id or handle that is not one Darkroom made (truncated, edited, another format). */
export class InvalidHandleError extends DarkroomError {
  readonly [HANDLE] = true

  constructor(message: string) {
    super(message, { code: 'invalid_input', retryable: false })
    this.name = 'InvalidHandleError'
  }

  static override isInstance(error: unknown): error is InvalidHandleError {
    return hasMarker(error, HANDLE)
  }
}

/** A call or a whole watch ran out of time. A watch's timeout carries the last snapshot seen. */
export class DarkroomTimeoutError extends DarkroomError {
  readonly [TIMEOUT] = true
  /** The last snapshot before the deadline, when the timeout ended a watch. */
  readonly lastSnapshot: Job | null

  constructor(
    message: string,
    options: {
      provider?: ProviderId
      call?: string
      lastSnapshot?: Job | null
      cause?: unknown
    } = {},
  ) {
    super(message, { ...options, code: 'timeout', retryable: true })
    this.name = 'DarkroomTimeoutError'
    this.lastSnapshot = options.lastSnapshot ?? null
  }

  static override isInstance(error: unknown): error is DarkroomTimeoutError {
    return hasMarker(error, TIMEOUT)
  }
}

/** The caller aborted (an `AbortSignal` fired). */
export class DarkroomAbortError extends DarkroomError {
  readonly [ABORT] = true

  constructor(
    message: string,
    options: { provider?: ProviderId; call?: string; cause?: unknown } = {},
  ) {
    super(message, { ...options, code: 'canceled', retryable: false })
    this.name = 'DarkroomAbortError'
  }

  static override isInstance(error: unknown): error is DarkroomAbortError {
    return hasMarker(error, ABORT)
  }
}

/** The request never got an answer: DNS, refused or dropped connection. */
export class NetworkError extends DarkroomError {
  readonly [NETWORK] = true

  constructor(
    message: string,
    options: { provider?: ProviderId; call?: string; cause?: unknown } = {},
  ) {
    super(message, { ...options, code: 'network', retryable: true })
    this.name = 'NetworkError'
  }

  static override isInstance(error: unknown): error is NetworkError {
    return hasMarker(error, NETWORK)
  }
}

const SUBMIT_OUTCOME_UNKNOWN = Symbol.for('darkroom.error.submit-outcome-unknown')

/**
 * Why a submit's outcome is unknown: `no-answer` (the connection failed or the attempt timed out
 * after the request may have arrived), `unreadable-answer` (a 2xx answer that is not the
 * provider's envelope, or one without a task id), `key-unknown` (an earlier request with the same
 * `Idempotency-Key` ended so, or the gateway stopped before it recorded the provider's answer).
 */
export type SubmitOutcomeReason = 'no-answer' | 'unreadable-answer' | 'key-unknown'

/**
 * A submit whose outcome is unknown: the provider may have created (and will charge for) the
 * job, but no usable answer says so. Never retryable (`code: 'submit_outcome_unknown'`): a second
 * submit may create a second, paid job. Check the provider's console or job list first. The
 * underlying `NetworkError`, `DarkroomTimeoutError` or `ResponseValidationError` is `cause`.
 */
export class SubmitOutcomeUnknownError extends DarkroomError {
  readonly [SUBMIT_OUTCOME_UNKNOWN] = true
  declare readonly provider: ProviderId
  /** What went wrong: no answer at all, or an answer that could not be read. */
  readonly reason: SubmitOutcomeReason

  constructor(
    message: string,
    options: { provider: ProviderId; reason: SubmitOutcomeReason; cause?: unknown },
  ) {
    super(message, {
      code: 'submit_outcome_unknown',
      retryable: false,
      provider: options.provider,
      call: 'submit',
      cause: options.cause,
    })
    this.name = 'SubmitOutcomeUnknownError'
    this.reason = options.reason
  }

  static override isInstance(error: unknown): error is SubmitOutcomeUnknownError {
    return hasMarker(error, SUBMIT_OUTCOME_UNKNOWN)
  }
}

const CONFIGURATION = Symbol.for('darkroom.error.configuration')

/** A configuration value (an environment variable, an option) that cannot work. */
export class ConfigurationError extends DarkroomError {
  readonly [CONFIGURATION] = true
  /** The variable or option at fault, e.g. `SPEEDPIX_APP_SECRET`. */
  readonly variable: string
  constructor(message: string, options: { variable: string; provider?: ProviderId }) {
    super(message, { code: 'invalid_input', retryable: false, provider: options.provider })
    this.name = 'ConfigurationError'
    this.variable = options.variable
  }
  static override isInstance(error: unknown): error is ConfigurationError {
    return hasMarker(error, CONFIGURATION)
  }
}
