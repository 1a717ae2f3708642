/** What {@link backoffDelay} computes a wait from. */
export interface BackoffInput {
  /**
   * Which retry this is: 1 for the first after a failure, 2 after two failures in a row, and so
   * on. A whole number, at least 1.
   */
  attempt: number
  /**
   * A uniform draw in [0, 1] for the jitter. Passed in rather than drawn here, so the function
   * stays pure: callers pass their injected random source's next value, tests a constant.
   */
  random: number
  /** The first attempt's ceiling in milliseconds; it doubles with each attempt. Default 1000. */
  baseMs?: number | undefined
  /** The largest ceiling in milliseconds, however many attempts failed. Default 30 000. */
  capMs?: number | undefined
  /**
   * How long the other side asked us to wait (`Retry-After`, or a provider's own hint), in
   * milliseconds. The wait is never shorter than this. Default: none.
   */
  retryAfterMs?: number | null | undefined
}

/** The first ceiling of {@link backoffDelay} when `baseMs` is not given. */
const DEFAULT_BASE_MS = 1000
/** The largest ceiling of {@link backoffDelay} when `capMs` is not given. */
const DEFAULT_CAP_MS = 30_000

/**
 * The one backoff of Darkroom: the wait in whole milliseconds before retry `attempt`.
 *
 * Exponential with half of it jittered: the ceiling is `min(capMs, baseMs · 2^(attempt-1))`
 * and the wait a uniform point in its upper half, [ceiling/2, ceiling]. The fixed half means a
 * lucky draw never retries at once (hammering a struggling server); the jittered half keeps many
 * clients that failed together from retrying in lockstep. With the defaults: 0.5–1 s, 1–2 s,
 * 2–4 s, ... up to 15–30 s.
 *
 * A `Retry-After` is a floor, not a replacement: a server that asks for longer than the backoff
 * gets it, one that asks for less (or `0`) cannot make clients retry faster than the backoff.
 *
 * Used by core's HTTP helper (between the attempts of one call), the polling schedule (between
 * failed polls) and the remote client (its reconnects and retried reads).
 */
export function backoffDelay(input: BackoffInput): number {
  const { attempt, random } = input
  const baseMs = input.baseMs ?? DEFAULT_BASE_MS
  const capMs = input.capMs ?? DEFAULT_CAP_MS
  const retryAfterMs = input.retryAfterMs ?? 0
  const millis = (ms: number) => ms >= 0 && Number.isFinite(ms)
  // One check, one message: the gateway's Worker bundle has a size budget.
  if (
    !(Number.isInteger(attempt) && attempt >= 1 && random >= 0 && random <= 1) ||
    !(millis(baseMs) && millis(capMs) && millis(retryAfterMs))
  ) {
    throw new RangeError(
      `backoffDelay needs attempt 1, 2, ...; random in [0, 1]; baseMs, capMs, retryAfterMs finite and >= 0. Got attempt ${attempt}, random ${random}, baseMs ${baseMs}, capMs ${capMs}, retryAfterMs ${retryAfterMs}.`,
    )
  }
  // Past about 2^30 the doubling only ever meets the cap; stopping there keeps it finite.
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt - 1, 30))
  const backoff = ceiling / 2 + (ceiling / 2) * random
  // Whole milliseconds: clocks feed signatures whose timestamps must be integers.
  return Math.round(Math.max(backoff, retryAfterMs))
}
