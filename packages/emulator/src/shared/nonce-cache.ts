import type { Clock } from '@darkroom/core'

/** The ±15 minutes providers allow between a request's timestamp and their clock. */
export const DEFAULT_REPLAY_WINDOW_MS = 15 * 60 * 1000

/** Options of {@link createNonceCache}. */
export interface NonceCacheOptions {
  /** Time source; the emulator's clock, so replay windows follow virtual time. */
  clock: Clock
  /**
   * How long a nonce stays remembered. Match the timestamp window: a request older than that is
   * refused by the timestamp check anyway, so its nonce can be forgotten. Default 15 minutes.
   */
  windowMs?: number
  /**
   * Upper bound on remembered nonces, so a flood cannot exhaust memory; past it the oldest are
   * forgotten early (accepting a small replay risk in an emulator). Default 100 000.
   */
  maxEntries?: number
}

/** Remembers recent nonces to refuse replayed requests. */
export interface NonceCache {
  /** Records `nonce`; false when it was already used within the window (a replay). */
  use(nonce: string): boolean
  /** Nonces currently remembered. */
  readonly size: number
}

/**
 * Creates a nonce cache. A Map keeps insertion order, which is time order, so expired entries
 * are pruned from the front: O(1) amortized per `use`, memory bounded by the requests seen
 * within one window (and by `maxEntries`).
 */
export function createNonceCache(options: NonceCacheOptions): NonceCache {
  const { clock, windowMs = DEFAULT_REPLAY_WINDOW_MS, maxEntries = 100_000 } = options
  const seen = new Map<string, number>()
  const prune = (now: number): void => {
    for (const [nonce, at] of seen) {
      if (at > now - windowMs && seen.size <= maxEntries) break
      seen.delete(nonce)
    }
  }
  return {
    use(nonce) {
      const now = clock.now()
      prune(now)
      if (seen.has(nonce)) return false
      seen.set(nonce, now)
      if (seen.size > maxEntries) prune(now)
      return true
    },
    get size() {
      return seen.size
    },
  }
}

/**
 * True when `timestampMs` is within `windowMs` of `now` in either direction: providers refuse
 * both stale requests and ones from a clock running ahead. False for NaN.
 */
export function isFresh(
  timestampMs: number,
  now: number,
  windowMs: number = DEFAULT_REPLAY_WINDOW_MS,
): boolean {
  return Math.abs(now - timestampMs) <= windowMs
}
