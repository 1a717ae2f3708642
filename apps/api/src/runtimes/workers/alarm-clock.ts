import { type Clock, systemClock } from '@darkroom/core'
import { InFlight, SleeperQueue } from '@darkroom/core/engine'

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
  readonly #sleepers = new SleeperQueue(() => this.#queueRearm())
  /** The latest alarm time taken as fired: now is never earlier. */
  #reached = Number.NEGATIVE_INFINITY
  /** The time this object last armed its alarm at; null when none is armed. */
  #armed: number | null = null
  #timer: ReturnType<typeof setTimeout> | null = null
  #rearmQueued = false
  readonly #tracked = new InFlight()

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
    return this.#sleepers.size
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return this.#sleepers.sleep(this.now() + Math.max(0, ms), signal)
  }

  /** Marks outbound work (a provider call) in flight, so `alarm()` waits for it to end. */
  track<T>(work: Promise<T>): Promise<T> {
    return this.#tracked.track(work)
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
  settled(): Promise<void> {
    return this.#tracked.settle(turn)
  }

  #wakeDue(): void {
    this.#sleepers.wakeDue(this.now())
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
    const next = this.#sleepers.earliest
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
