import type { Clock } from './clock.js'
import { InFlight, SleeperQueue } from './sleeper-queue.js'

/** Options of {@link VirtualClock}. */
export interface VirtualClockOptions {
  /** Virtual start time, epoch milliseconds. Default `2024-06-11T08:00:00Z`. */
  start?: number
  /**
   * Lets queued callbacks run between two steps of virtual time. Default: `setImmediate` where
   * the runtime has one, else a zero-delay `setTimeout`.
   */
  yieldToEventLoop?: () => Promise<void>
  /**
   * How many consecutive idle turns `run` tolerates (nothing tracked, no timer, work still
   * pending) before it declares the work stuck. Default 1000.
   */
  maxIdleTurns?: number
  /**
   * And for how long, in real milliseconds: untracked real I/O (a socket, a child process) may
   * take a while to answer without anything being stuck. Default 5000.
   */
  maxIdleMs?: number
}

const DEFAULT_START = Date.UTC(2024, 5, 11, 8, 0, 0)

type Immediate = (callback: () => void) => unknown
const setImmediateIfAny = (globalThis as { setImmediate?: Immediate }).setImmediate

/**
 * One turn of the event loop. `setImmediate` where the runtime has it (Node, Bun): it lets I/O
 * run and costs microseconds, where a zero `setTimeout` costs a millisecond or more — which adds
 * up over the thousands of steps of a long virtual run. Elsewhere a zero `setTimeout`.
 */
function defaultYield(): Promise<void> {
  return new Promise((resolve) =>
    setImmediateIfAny ? setImmediateIfAny(resolve) : setTimeout(resolve, 0),
  )
}

/**
 * A clock whose time only moves when told to: `advance(ms)` by hand, or `run(work)` which jumps
 * from one pending timer to the next until `work` settles. Time stands still while any
 * `track`ed promise (an HTTP attempt, say) is pending, so work never sees time jump mid-request.
 */
export class VirtualClock implements Clock {
  #now: number
  readonly #timers = new SleeperQueue()
  readonly #tracked = new InFlight()
  readonly #yield: () => Promise<void>
  readonly #maxIdleTurns: number
  readonly #maxIdleMs: number

  constructor(options: VirtualClockOptions = {}) {
    this.#now = options.start ?? DEFAULT_START
    this.#yield = options.yieldToEventLoop ?? defaultYield
    this.#maxIdleTurns = options.maxIdleTurns ?? 1000
    this.#maxIdleMs = options.maxIdleMs ?? 5000
  }

  now(): number {
    return this.#now
  }

  /** Number of sleeps waiting for virtual time to reach them. */
  get pendingTimers(): number {
    return this.#timers.size
  }

  /** Number of tracked promises still pending. */
  get inFlight(): number {
    return this.#tracked.size
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return this.#timers.sleep(this.#now + Math.max(0, ms), signal)
  }

  /**
   * A timer in virtual time. `onTimeout` runs as a microtask when its time comes, as a sleep's
   * continuation would, so timers and sleeps due at the same instant still run in the order set.
   */
  timer(ms: number, onTimeout: () => void): () => void {
    return this.#timers.add(this.#now + Math.max(0, ms), () => queueMicrotask(onTimeout))
  }

  track<T>(work: Promise<T>): Promise<T> {
    return this.#tracked.track(work)
  }

  /** Moves time forward by `ms`, firing every timer due on the way, in order. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + Math.max(0, ms)
    await this.#settle()
    for (let next = this.#timers.earliest; next !== null && next <= target; ) {
      this.#fireNext()
      await this.#settle()
      next = this.#timers.earliest
    }
    this.#now = target
    await this.#settle()
  }

  /**
   * Runs `work` to completion in virtual time: lets it progress, and whenever it only waits on
   * timers, jumps to the earliest one. Throws when the work waits on something that will never
   * come (no timer, nothing tracked) for `maxIdleTurns` turns.
   */
  async run<T>(work: Promise<T> | (() => Promise<T>)): Promise<T> {
    const promise = typeof work === 'function' ? work() : work
    let done = false
    const outcome = promise.then(
      (value) => {
        done = true
        return value
      },
      (error: unknown) => {
        done = true
        throw error
      },
    )
    // Attach a handler now so a rejection before the loop ends is never reported as unhandled.
    outcome.catch(() => undefined)
    let idle = 0
    let idleSince = 0
    while (!done) {
      await this.#yield()
      if (done) break
      if (this.#tracked.size > 0) {
        await this.#tracked.any()
        idle = 0
      } else if (this.#timers.size > 0) {
        this.#fireNext()
        idle = 0
      } else if (idle++ === 0) {
        idleSince = Date.now()
      } else if (idle > this.#maxIdleTurns && Date.now() - idleSince > this.#maxIdleMs) {
        throw new Error(
          'VirtualClock.run: the work is waiting on something that is neither a timer nor a tracked promise; wrap that I/O in clock.track().',
        )
      }
    }
    return outcome
  }

  /** Fires every timer due at the earliest pending time, moving the clock there. */
  #fireNext(): void {
    const at = this.#timers.earliest
    if (at === null) return
    this.#now = Math.max(this.#now, at)
    this.#timers.wakeDue(at)
  }

  #settle(): Promise<void> {
    return this.#tracked.settle(this.#yield)
  }
}
