import { abortReason } from './clock.js'

interface Sleeper {
  at: number
  seq: number
  wake: () => void
}

/**
 * The wake-ups a clock owes, soonest first (ties in the order they were added): what a clock
 * that moves by itself (virtual time, a Durable Object's alarm) keeps between its sleeps. The
 * clock decides *when* to wake them; this queue only keeps them ordered and removable.
 */
export class SleeperQueue {
  /** Sorted by `at`, then by `seq`. */
  readonly #items: Sleeper[] = []
  #seq = 0
  readonly #onChange: () => void

  /** `onChange` runs after every add, removal and wake (an alarm clock re-arms there). */
  constructor(onChange: () => void = () => undefined) {
    this.#onChange = onChange
  }

  /** How many wake-ups are waiting. */
  get size(): number {
    return this.#items.length
  }

  /** The time of the soonest wake-up (epoch ms), or null when none waits. */
  get earliest(): number | null {
    return this.#items[0]?.at ?? null
  }

  /** Queues `wake` for time `at`; the returned function takes it out again (a no-op once woken). */
  add(at: number, wake: () => void): () => void {
    const sleeper: Sleeper = { at, seq: this.#seq++, wake }
    let lo = 0
    let hi = this.#items.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      const other = this.#items[mid] as Sleeper
      if (other.at < at || (other.at === at && other.seq < sleeper.seq)) lo = mid + 1
      else hi = mid
    }
    this.#items.splice(lo, 0, sleeper)
    this.#onChange()
    return () => {
      const index = this.#items.indexOf(sleeper)
      if (index === -1) return
      this.#items.splice(index, 1)
      this.#onChange()
    }
  }

  /**
   * A promise that resolves when the clock wakes time `at`, or rejects with the signal's reason
   * when it aborts first (the wake-up is then taken out, and the listener is never left behind).
   */
  sleep(at: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortReason(signal))
        return
      }
      if (!signal) {
        this.add(at, resolve)
        return
      }
      const onAbort = () => {
        remove()
        reject(abortReason(signal))
      }
      signal.addEventListener('abort', onAbort, { once: true })
      const remove = this.add(at, () => {
        signal.removeEventListener('abort', onAbort)
        resolve()
      })
    })
  }

  /** Wakes, in order, every sleeper due at or before `now`. Resolves nothing itself: it calls. */
  wakeDue(now: number): number {
    let woken = 0
    while (this.#items[0] && (this.#items[0] as Sleeper).at <= now) {
      ;(this.#items.shift() as Sleeper).wake()
      woken++
    }
    if (woken > 0) this.#onChange()
    return woken
  }
}

/**
 * Work a clock counts as in flight (an HTTP attempt): a clock waits for it to settle before it
 * moves time, or before an alarm handler may end.
 */
export class InFlight {
  readonly #pending = new Set<Promise<unknown>>()

  /** How many tracked promises are still pending. */
  get size(): number {
    return this.#pending.size
  }

  /** Counts `work` in flight until it settles, and hands it back untouched. */
  track<T>(work: Promise<T>): Promise<T> {
    const settled = work.then(
      () => undefined,
      () => undefined,
    )
    this.#pending.add(settled)
    void settled.then(() => this.#pending.delete(settled))
    return work
  }

  /** Resolves when any tracked work settles (at once when none is pending). */
  any(): Promise<unknown> {
    return Promise.race(this.#pending)
  }

  /**
   * Takes one `turn` of the event loop, then waits out every tracked piece of work, a turn after
   * each, so the continuations it caused (a store write, the next plan) have run.
   */
  async settle(turn: () => Promise<void>): Promise<void> {
    await turn()
    while (this.#pending.size > 0) {
      await Promise.race(this.#pending)
      await turn()
    }
  }
}
