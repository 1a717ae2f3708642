import type { ErrorCode, ProviderId } from '../model/job.js'

const MARKER = Symbol.for('darkroom.error')

/** What every Darkroom error carries besides its message. */
export interface DarkroomErrorOptions {
  /** The normalized reason. */
  code: ErrorCode
  /** Whether trying the same thing again later may work. */
  retryable?: boolean
  /** The provider involved, when there is one. */
  provider?: ProviderId
  /** The provider call involved, e.g. `submit`, `status`, `image`. */
  call?: string
  /**
   * How long the other side asked us to wait before trying again (`Retry-After`, or a provider's
   * own hint), in milliseconds: finite, at least 0 (core's `backoffDelay` refuses anything else).
   * The polling engine waits at least this long before its next poll. Default: none.
   */
  retryAfterMs?: number | undefined
  cause?: unknown
}

/**
 * The base of every error Darkroom throws. Check with `DarkroomError.isInstance(e)` rather than
 * `instanceof`: it works across bundles and package copies (the marker is a `Symbol.for`).
 */
export class DarkroomError extends Error {
  /** @internal identifies Darkroom errors across realms and duplicate package copies. */
  readonly [MARKER] = true
  readonly code: ErrorCode
  readonly retryable: boolean
  readonly provider: ProviderId | undefined
  readonly call: string | undefined
  /** How long the other side asked us to wait before trying again, in milliseconds, if it did. */
  readonly retryAfterMs: number | undefined

  constructor(message: string, options: DarkroomErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'DarkroomError'
    this.code = options.code
    this.retryable = options.retryable ?? false
    this.provider = options.provider
    this.call = options.call
    this.retryAfterMs = options.retryAfterMs
  }

  /** Whether trying the same thing again later may work. */
  get isRetryable(): boolean {
    return this.retryable
  }

  /** True for any Darkroom error, from any copy of this package. */
  static isInstance(error: unknown): error is DarkroomError {
    return hasMarker(error, MARKER)
  }
}

/** @internal shared by the subclasses' `isInstance`. */
export function hasMarker(error: unknown, marker: symbol): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as Record<symbol, unknown>)[marker] === true
  )
}
