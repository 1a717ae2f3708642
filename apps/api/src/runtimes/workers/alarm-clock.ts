import { type Clock, systemClock } from '@darkroom/core'
import { abortReason } from '@darkroom/core/engine'

/** The part of a Durable Object's `ctx.storage` the clock arms its alarm with. */
export interface AlarmStorage {
  /** Sets the object's one alarm (replacing any other) to this epoch-ms time. */
  setAlarm(scheduledTime: number): Promise<void> | void
  /** Removes the alarm. */
  deleteAlarm(): Promise<void> | void
}

/** Options of {@link AlarmClock}. */
export interface AlarmClockOptions {
  /** The wall clock, epoch ms. Default: `Date.now`. */
  wall?: (() => number) | undefined
  /** Told about an alarm the storage refused to set (the next wake-up may be late). Default: `console.error`. */
  onError?: ((error: unknown) => void) | undefined
}

interface Sleeper {
  at: number
  seq: number
  resolve: () => void
}

/**
 * The scheduling clock of a Durable Object: its sleeps are the object's alarm. Every `sleep` arms
 * the alarm at the earliest wake-up any sleeper waits for, so an object evicted from memory is
 * started again when its next poll falls due; while the object lives, a plain timer wakes the
 * sleepers too (an alarm's dispatch is slower than a timer). `alarm()` is what the object's
 * alarm handler calls.
 *
 * Time is the wall clock, except that an alarm taken as fired means its time has come: a test
 * harness fires an alarm early (`runDurableObjectAlarm`), and the clock then reads that alarm's
 * time, so a test drives the object through hours of polling without waiting. Cloudflare never
 * fires an alarm before its time, so on a deployed object this changes nothing.
 */
export class AlarmClock implements Clock {
  readonly #storage: AlarmStorage
  readonly #wall: () => number
  readonly #onError: (error: unknown) => void
  /** Sorted by `at`, then `seq`. */
  #sleepers: Sleeper[] = []
  #seq = 0
  /** The latest alarm time taken as fired: now is never earlier. */
  #reached = Number.NEGATIVE_INFINITY
  /** The time this object last armed its alarm at; null when none is armed. */
  #armed: number | null = null
  #timer: ReturnType<typeof setTimeout> | null = null
  #rearmQueued = false
  readonly #tracked = new Set<Promise<unknown>>()

  constructor(storage: AlarmStorage, options: AlarmClockOptions = {}) {
    this.#storage = storage
    this.#wall = options.wall ?? Date.now
    this.#onError = options.onError ?? ((error) => console.error(error))
  }

  now(): number {
    return Math.max(this.#wall(), this.#reached)
  }

  /** When the alarm is armed for (epoch ms), or null. */
  get armedAt(): number | null {
    return this.#armed
  }

  /** Sleeps waiting for their time. */
  get pending(): number {
    return this.#sleepers.length
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortReason(signal))
        return
      }
      const sleeper: Sleeper = { at: this.now() + Math.max(0, ms), seq: this.#seq++, resolve }
      if (signal) {
        const onAbort = () => {
          this.#remove(sleeper)
          reject(abortReason(signal))
        }
        signal.addEventListener('abort', onAbort, { once: true })
        sleeper.resolve = () => {
          signal.removeEventListener('abort', onAbort)
          resolve()
        }
      }
      const index = this.#sleepers.findIndex((s) => s.at > sleeper.at)
      this.#sleepers.splice(index === -1 ? this.#sleepers.length : index, 0, sleeper)
      this.#queueRearm()
    })
  }

  /** Marks outbound work (a provider call) in flight, so `alarm()` waits for it to end. */
  track<T>(work: Promise<T>): Promise<T> {
    const settled = work.then(
      () => undefined,
      () => undefined,
    )
    this.#tracked.add(settled)
    void settled.then(() => this.#tracked.delete(settled))
    return work
  }

  /**
   * The clock the adapters' HTTP calls use: the wall clock and real timers (a request's timeout
   * is real time), with this clock's `track`, so an alarm handler lasts until its polls end.
   */
  get outbound(): Clock {
    return {
      now: () => this.#wall(),
      sleep: systemClock.sleep,
      timer: systemClock.timer,
      track: (work) => this.track(work),
    }
  }

  /**
   * The object's alarm fired: its time has come. Wakes every sleeper due by then and resolves
   * once the work they started has settled (provider calls ended, the next alarm armed), so the
   * alarm handler lasts as long as the work it caused.
   */
  async alarm(): Promise<void> {
    if (this.#armed !== null) this.#reached = Math.max(this.#reached, this.#armed)
    this.#armed = null
    this.#wakeDue()
    await this.settled()
  }

  /** Resolves once nothing tracked is in flight and every continuation has run. */
  async settled(): Promise<void> {
    await turn()
    while (this.#tracked.size > 0) {
      await Promise.race(this.#tracked)
      await turn()
    }
  }

  #remove(sleeper: Sleeper): void {
    const index = this.#sleepers.indexOf(sleeper)
    if (index !== -1) this.#sleepers.splice(index, 1)
    this.#queueRearm()
  }

  #wakeDue(): void {
    const now = this.now()
    while (this.#sleepers[0] && (this.#sleepers[0] as Sleeper).at <= now) {
      ;(this.#sleepers.shift() as Sleeper).resolve()
    }
    this.#queueRearm()
  }

  /**
   * Re-arms once per turn: an aborted sleep is mostly followed at once by a new one (the
   * tracker woken early), and each `setAlarm` is a storage write.
   */
  #queueRearm(): void {
    if (this.#rearmQueued) return
    this.#rearmQueued = true
    queueMicrotask(() => {
      this.#rearmQueued = false
      this.#rearm()
    })
  }

  #rearm(): void {
    const next = this.#sleepers[0]?.at ?? null
    if (this.#timer !== null) clearTimeout(this.#timer)
    this.#timer = null
    if (next !== null) {
      this.#timer = setTimeout(() => {
        this.#timer = null
        this.#wakeDue()
      }, next - this.now())
    }
    if (next === this.#armed) return
    this.#armed = next
    try {
      const write = next === null ? this.#storage.deleteAlarm() : this.#storage.setAlarm(next)
      void Promise.resolve(write).catch(this.#onError)
    } catch (error) {
      this.#onError(error)
    }
  }
}

/** One macrotask: every queued microtask (a store write, the tracker's next plan) runs first. */
function turn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0))
}
