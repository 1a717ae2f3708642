import { DarkroomError } from '@darkroom/core'
import { DarkroomApiError } from '../errors.js'

/**
 * Half-fixed, half-jittered exponential backoff for attempt `attempt` (from 1): 0.5–1 s, then
 * 1–2 s, ... up to 15–30 s. The jitter keeps many clients from retrying in lockstep.
 */
export function backoffMs(attempt: number): number {
  const ceiling = Math.min(30_000, 1000 * 2 ** Math.max(0, attempt - 1))
  // Whole milliseconds: clocks feed signatures whose timestamps must be integers.
  return Math.round(ceiling / 2 + (ceiling / 2) * Math.random())
}

/** The wait before attempt `attempt` after a transient failure: `Retry-After` when given. */
export function retryDelay(error: unknown, attempt: number): number {
  return (DarkroomApiError.isInstance(error) && error.retryAfterMs) || backoffMs(attempt)
}

/** Whether waiting and trying again may help (network, timeouts, 429, retryable 5xx). */
export function isTransient(error: unknown): boolean {
  return DarkroomError.isInstance(error) && error.retryable
}
