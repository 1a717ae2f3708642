/**
 * The wait after each failed attempt of a delivery, in ms: the Standard Webhooks example
 * schedule (the first attempt at once, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h). Eight
 * attempts over 27 h 35 min: the first retry well within 10 s, and more than 24 hours in all
 * even with every jitter drawn low.
 */
export const WEBHOOK_RETRY_SCHEDULE_MS: readonly number[] = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
]

/** How far a wait may move each way from the schedule, as a fraction of it: 10 %. */
export const WEBHOOK_RETRY_JITTER = 0.1

/** The longest `Retry-After` a receiver gets honoured: a day (the whole schedule's length). */
export const MAX_WEBHOOK_RETRY_AFTER_MS = 24 * 3_600_000

/**
 * The wait before the next attempt after `attempts` failed ones (1 for the first failure), or
 * null when the schedule is spent (the delivery has failed). A point drawn from `random` within
 * ±{@link WEBHOOK_RETRY_JITTER} of the scheduled wait, so endpoints that failed together are
 * not retried in lockstep; a receiver's `Retry-After` is a floor (as in core's `backoffDelay`),
 * honoured up to {@link MAX_WEBHOOK_RETRY_AFTER_MS}. Whole milliseconds.
 *
 * Core's `backoffDelay` is exponential with half its wait jittered, for calls retried within
 * seconds; a delivery's retries follow the published schedule instead, which receivers know.
 */
export function webhookRetryDelay(
  attempts: number,
  random: number,
  retryAfterMs?: number | undefined,
): number | null {
  if (!Number.isSafeInteger(attempts) || attempts < 1 || !(random >= 0 && random <= 1)) {
    throw new RangeError(
      `webhookRetryDelay needs attempts 1, 2, ... and random in [0, 1]; got ${attempts} and ${random}.`,
    )
  }
  const scheduled = WEBHOOK_RETRY_SCHEDULE_MS[attempts - 1]
  if (scheduled === undefined) return null
  const jittered = scheduled * (1 - WEBHOOK_RETRY_JITTER + 2 * WEBHOOK_RETRY_JITTER * random)
  const floor = Math.min(Math.max(0, retryAfterMs ?? 0), MAX_WEBHOOK_RETRY_AFTER_MS)
  return Math.round(Math.max(jittered, floor))
}
