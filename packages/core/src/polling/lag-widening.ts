/** Options of {@link LagWidening}. */
export interface LagWideningOptions {
  /** The lag target it widens (the tracker's `maxLagMs`). */
  lagMs: number
  /** The largest widening: the gap never grows past this many times `lagMs`. At least 1. */
  max: number
  /** Over how long waits are averaged (ms): what "sustained" means. */
  windowMs: number
}

/**
 * How far one provider's poll gap is widened under sustained load. Each poll that waited for
 * the budget past its due time reports how long (an average over `windowMs`, decaying with
 * time, so a burst does not count as load). While polls wait less than the lag target on
 * average nothing changes: waiting in turn spreads the polls as well as wider gaps would, and
 * costs less lag. Past it the gap widens to the average wait, up to `max`, so the polls are
 * planned where the queue would have put them and the queue stays short: polls that cannot
 * wait (a first look, a job at its ETA) are not held up behind the ones that can.
 */
export class LagWidening {
  readonly #o: LagWideningOptions
  /** Average wait (ms), as of `#at`. */
  #wait = 0
  #at: number

  constructor(options: LagWideningOptions, now: number) {
    if (!(options.max >= 1))
      throw new RangeError(`maxLagWidening must be at least 1, got ${options.max}`)
    this.#o = options
    this.#at = now
  }

  /** The widening now: 1 without sustained load, at most `max`. */
  factor(now: number): number {
    const wait = this.#wait * this.#keep(now)
    return Math.min(this.#o.max, Math.max(1, wait / this.#o.lagMs))
  }

  /** A poll that fell due at `dueAt` started at `now`. */
  waited(dueAt: number, now: number): void {
    const keep = this.#keep(now)
    this.#wait = this.#wait * keep + Math.max(0, now - dueAt) * (1 - keep)
    this.#at = now
  }

  /** The weight the past keeps after the time since the last update. */
  #keep(now: number): number {
    return Math.exp(-Math.max(0, now - this.#at) / this.#o.windowMs)
  }
}
