/**
 * A token bucket: `ratePerSecond` tokens a second, at most `burst` saved up. Over any window of
 * `w` ms it grants at most `burst + ratePerSecond * w / 1000` requests. A rate of `Infinity` is
 * no limit at all (every take succeeds): what `watchJob`'s private tracker uses.
 */
export class TokenBucket {
  readonly ratePerSecond: number
  readonly burst: number
  #tokens: number
  #updatedAt: number

  constructor(ratePerSecond: number, burst: number, now: number) {
    if (!(ratePerSecond > 0))
      throw new RangeError(`ratePerSecond must be a positive number, got ${ratePerSecond}`)
    if (!(burst >= 1)) throw new RangeError(`burst must be at least 1, got ${burst}`)
    this.ratePerSecond = ratePerSecond
    this.burst = burst
    this.#tokens = burst
    this.#updatedAt = now
  }

  #refill(now: number): void {
    if (this.ratePerSecond === Number.POSITIVE_INFINITY) this.#tokens = this.burst
    else if (now > this.#updatedAt) {
      this.#tokens = Math.min(
        this.burst,
        this.#tokens + ((now - this.#updatedAt) * this.ratePerSecond) / 1000,
      )
      this.#updatedAt = now
    }
  }

  /** Tokens saved up now (fractional), at most `burst`. */
  available(now: number): number {
    this.#refill(now)
    return this.#tokens
  }

  /** Takes one token if there is one. */
  tryTake(now: number): boolean {
    this.#refill(now)
    if (this.#tokens >= 1) {
      this.#tokens -= 1
      return true
    }
    return false
  }

  /** Milliseconds until `count` tokens (default 1, at most `burst`) are available; 0 when they are. */
  msUntilToken(now: number, count = 1): number {
    this.#refill(now)
    const wanted = Math.min(count, this.burst)
    return this.#tokens >= wanted
      ? 0
      : Math.ceil(((wanted - this.#tokens) * 1000) / this.ratePerSecond)
  }
}
