import type { Clock } from '@darkroom/core'

/**
 * What a user puts in front of a hand-written polling loop to respect a provider's rate limit
 * (bottleneck's `minTime`, p-throttle): requests leave one every `1000 / rps` ms, first come,
 * first served.
 */
export class FifoLimiter {
  readonly #clock: Clock
  readonly #intervalMs: number
  #nextAt: number

  constructor(clock: Clock, requestsPerSecond: number) {
    this.#clock = clock
    this.#intervalMs = 1000 / requestsPerSecond
    this.#nextAt = clock.now()
  }

  /** Resolves when the caller may send its request. */
  async take(): Promise<void> {
    const now = this.#clock.now()
    const at = Math.max(now, this.#nextAt)
    this.#nextAt = at + this.#intervalMs
    // Whole milliseconds, as a wall clock gives (signatures carry integer timestamps).
    const wait = Math.ceil(at - now)
    if (wait > 0) await this.#clock.sleep(wait)
  }
}
