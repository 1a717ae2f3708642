import type { Rng } from './rng.js'

/**
 * How long something takes, as plain data so emulator options can live in JSON files, CLI flags
 * and Workers configuration. All values are milliseconds.
 *
 * - `fixed`: always `ms`; for tests that want exact timings.
 * - `uniform`: between `minMs` and `maxMs`.
 * - `lognormal`: right-skewed around `medianMs` like real queue and render times; `sigma` is the
 *   standard deviation in log space (0.5 means a typical value is within ×/÷1.65 of the median).
 *   `minMs`/`maxMs` clamp the long tail so a single draw cannot stall a demo.
 * - `exponential`: memoryless waits with mean `meanMs`, e.g. time between arrivals.
 */
export type Distribution =
  | { kind: 'fixed'; ms: number }
  | { kind: 'uniform'; minMs: number; maxMs: number }
  | { kind: 'lognormal'; medianMs: number; sigma: number; minMs?: number; maxMs?: number }
  | { kind: 'exponential'; meanMs: number }

function check(ok: boolean, dist: Distribution): void {
  if (!ok) throw new RangeError(`invalid distribution ${JSON.stringify(dist)}`)
}

const nonNegative = (n: number | undefined): boolean =>
  n === undefined || (Number.isFinite(n) && n >= 0)

/**
 * Draws one duration in whole milliseconds (never negative). Whole milliseconds keep virtual
 * timestamps integral, so snapshots compare exactly across runs. Throws a `RangeError` on
 * parameters that cannot describe a duration (negative, NaN, min above max).
 */
export function sample(dist: Distribution, rng: Rng): number {
  switch (dist.kind) {
    case 'fixed':
      check(nonNegative(dist.ms), dist)
      return Math.round(dist.ms)
    case 'uniform':
      check(nonNegative(dist.minMs) && nonNegative(dist.maxMs) && dist.minMs <= dist.maxMs, dist)
      return Math.round(rng.uniform(dist.minMs, dist.maxMs))
    case 'lognormal': {
      const { medianMs, sigma, minMs = 0, maxMs = Number.POSITIVE_INFINITY } = dist
      check(
        nonNegative(medianMs) && nonNegative(sigma) && nonNegative(minMs) && minMs <= maxMs,
        dist,
      )
      return Math.round(Math.min(maxMs, Math.max(minMs, rng.logNormal(medianMs, sigma))))
    }
    case 'exponential':
      check(nonNegative(dist.meanMs), dist)
      // 1 - next() is in (0, 1], so the logarithm is finite.
      return Math.round(-dist.meanMs * Math.log(1 - rng.next()))
  }
}
