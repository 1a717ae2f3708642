/**
 * The source of time for everything in Darkroom that waits or measures time.
 *
 * The polling engine, the HTTP helper and the emulators never call `Date.now()` or `setTimeout`
 * directly: they ask a `Clock`, so tests and benchmarks can run hours of polling in virtual time.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number
  /**
   * Resolves after `ms` milliseconds. Rejects with the signal's reason when `signal` aborts
   * first (immediately when it is already aborted).
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
  /**
   * Marks `work` as in progress so a virtual clock holds time still until it settles; real
   * clocks return it unchanged. The engine wraps every provider call with it, which is what keeps
   * virtual-time measurements exact while requests are in flight.
   */
  track?<T>(work: Promise<T>): Promise<T>
}

/** Rejects with the signal's reason, or an `AbortError` DOMException when it has none. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError')
}

/** The wall clock: `Date.now()` and `setTimeout`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortReason(signal))
        return
      }
      const onAbort = () => {
        clearTimeout(timer)
        reject(abortReason(signal as AbortSignal))
      }
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort)
          resolve()
        },
        Math.max(0, ms),
      )
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  },
}
