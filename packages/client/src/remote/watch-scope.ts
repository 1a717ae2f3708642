import {
  type Clock,
  DarkroomAbortError,
  DarkroomError,
  DarkroomTimeoutError,
  type Job,
} from '@darkroom/core'
import { backoffDelay } from '@darkroom/core/engine'

/** Whether waiting and trying again may help (network, timeouts, 429, retryable 5xx). */
export function isTransient(error: unknown): boolean {
  return DarkroomError.isInstance(error) && error.retryable
}

/**
 * One watch's lifetime: the caller's signal, and the whole-watch deadline on the client's clock.
 * The deadline is checked between steps and bounds every wait (no standing timer, so a watch
 * that is abandoned without being closed keeps nothing alive).
 */
export class WatchScope {
  /** Aborts when the caller aborts or the watch is closed; every request and sleep obeys it. */
  readonly signal: AbortSignal
  readonly deadlineAt: number
  /** The last snapshot handed to the caller, for the timeout error. */
  last: Job | null = null
  /** The client's clock: deadlines and every wait of the watch. */
  readonly clock: Clock
  /** The client's jitter source, in [0, 1). */
  readonly random: () => number
  readonly #done = new AbortController()
  readonly #caller: AbortSignal | undefined

  constructor(
    time: { clock: Clock; random: () => number },
    readonly timeoutMs: number,
    signal: AbortSignal | undefined,
    readonly label: string,
  ) {
    this.clock = time.clock
    this.random = time.random
    this.#caller = signal
    this.deadlineAt = time.clock.now() + timeoutMs
    this.signal = signal ? AbortSignal.any([this.#done.signal, signal]) : this.#done.signal
  }

  /** Milliseconds left before the deadline (never negative). */
  get remainingMs(): number {
    return Math.max(0, this.deadlineAt - this.clock.now())
  }

  /** Ends the watch: aborts whatever it still has in flight. */
  close(): void {
    this.#done.abort()
  }

  /** The error of a watch that ran out of time. */
  timeout(cause?: unknown): DarkroomTimeoutError {
    return new DarkroomTimeoutError(
      `${this.label} did not finish within ${this.timeoutMs} ms (last state: ${this.last?.state ?? 'unknown'}); raise timeoutMs or check the job later with its id.`,
      { call: 'watch', lastSnapshot: this.last, cause },
    )
  }

  /** Throws the error that explains why the watch must stop now, if it must. */
  check(): void {
    const stop = this.explain(undefined)
    if (stop !== undefined) throw stop
  }

  /** The error to surface: an abort or a timeout when that is what happened, else `error`. */
  explain(error: unknown): unknown {
    if (this.#caller?.aborted) {
      return DarkroomAbortError.isInstance(error)
        ? error
        : new DarkroomAbortError(`Watching ${this.label} was aborted.`, {
            call: 'watch',
            cause: this.#caller.reason,
          })
    }
    if (this.remainingMs === 0) return this.timeout(error)
    return error
  }

  /**
   * Waits before retry `attempt` (from 1) after `error`: core's `backoffDelay` on the client's
   * random source, but at least the error's `Retry-After` and `floorMs` (an event stream's
   * `retry:` field). On the client's clock, at most until the deadline.
   */
  backOff(attempt: number, error?: unknown, floorMs = 0): Promise<void> {
    const asked = DarkroomError.isInstance(error) ? (error.retryAfterMs ?? 0) : 0
    const retryAfterMs = Math.max(asked, floorMs)
    return this.sleep(backoffDelay({ attempt, random: this.random(), retryAfterMs }), error)
  }

  /**
   * Sleeps on the client's clock, at most until the deadline, which then throws its timeout with
   * `cause` (the failure being waited out).
   */
  async sleep(ms: number, cause?: unknown): Promise<void> {
    try {
      await this.clock.sleep(Math.min(ms, this.remainingMs), this.signal)
    } catch (error) {
      throw this.explain(error)
    }
    const stop = this.explain(cause)
    if (stop !== cause) throw stop
  }
}
