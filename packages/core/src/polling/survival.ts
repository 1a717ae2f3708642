/**
 * What one finished job says about a duration: it ended after `afterMs` and by `byMs`
 * (milliseconds from the anchor, submit or leaving the queue). `afterMs` is the last poll that
 * saw the job pending; 0 or less when none did after the anchor, as for a job found done at its
 * first poll: it is then only known to have ended at some unknown time by `byMs`.
 */
export interface DurationBounds {
  afterMs: number
  byMs: number
}

/**
 * A distribution of durations estimated from censored bounds: the share ended by each duration.
 * `cdf[i]` is the estimated share of jobs ended by `at[i]` (ascending); `unplaced` is the share
 * that ended before `at[0]` at times the bounds cannot place (jobs found done at their first
 * poll, earlier than any job was seen to end).
 */
export interface DurationCurve {
  at: number[]
  cdf: number[]
  unplaced: number
  /** The smallest bound recorded. */
  minMs: number
}

interface Point {
  at: number
  /** Seen ending here (a share of one job), or only known to have ended by here. */
  weight: number
  seen: boolean
}

/**
 * The distribution of durations, Kaplan–Meier style in reversed time (the estimate for
 * left-censored data), from two kinds of bounds. A job seen pending and then done counts half
 * in the middle of each half of that gap: one gap after a poll is about a job's end to within
 * a poll, one after a long skip much less. A job found done at its first poll is censored: it
 * counts only against durations up to its bound, shared among the jobs seen ending earlier, so
 * a late first poll never teaches that jobs end at the first poll. Null without samples.
 */
export function durationCurve(samples: readonly DurationBounds[]): DurationCurve | null {
  if (samples.length === 0) return null
  const points: Point[] = []
  for (const { afterMs, byMs } of samples) {
    if (afterMs > 0) {
      const quarter = (byMs - Math.min(afterMs, byMs)) / 4
      points.push({ at: byMs - 3 * quarter, weight: 0.5, seen: true })
      points.push({ at: byMs - quarter, weight: 0.5, seen: true })
    } else points.push({ at: byMs, weight: 1, seen: false })
  }
  points.sort((a, b) => a.at - b.at)
  const at: number[] = []
  const cdf: number[] = []
  // From the longest down: below each duration seen, the share shrinks by the jobs seen ending
  // there over all that may have ended by then (those seen by then and those censored no later).
  let share = 1
  let atRisk = samples.length
  for (let i = points.length - 1; i >= 0; ) {
    const value = (points[i] as Point).at
    let ended = 0
    let here = 0
    for (; i >= 0 && (points[i] as Point).at === value; i--) {
      const p = points[i] as Point
      here += p.weight
      if (p.seen) ended += p.weight
    }
    if (ended > 0) {
      at.push(value)
      cdf.push(share)
      share *= 1 - ended / atRisk
    }
    atRisk -= here
  }
  return { at: at.reverse(), cdf: cdf.reverse(), unplaced: share, minMs: (points[0] as Point).at }
}

/** The p-quantile where the curve places it; null when it lies among the unplaced share. */
export function curveQuantile(curve: DurationCurve, p: number): number | null {
  if (curve.unplaced >= p) return null
  for (let i = 0; i < curve.at.length; i++)
    if ((curve.cdf[i] as number) >= p) return curve.at[i] as number
  return curve.at.at(-1) ?? null
}

/**
 * A low quantile read off the lower half of the curve through a log-normal probability plot
 * (log duration against the normal quantile of the share, by least squares), so it holds below
 * the earliest first poll too, where no job was seen to end. Needs three steps in the lower half
 * rising with duration; null otherwise.
 */
export function lowTailQuantile(curve: DurationCurve, p: number): number | null {
  const xs: number[] = []
  const zs: number[] = []
  let below = curve.unplaced
  for (let i = 0; i < curve.at.length; i++) {
    const share = curve.cdf[i] as number
    if (share > 0.5 || share >= 1) break
    // Plotting position: the middle of the step.
    xs.push(Math.log(curve.at[i] as number))
    zs.push(probit((below + share) / 2))
    below = share
  }
  if (xs.length < 3) return null
  const n = xs.length
  const mz = zs.reduce((s, z) => s + z, 0) / n
  const mx = xs.reduce((s, x) => s + x, 0) / n
  let szz = 0
  let szx = 0
  for (let i = 0; i < n; i++) {
    const dz = (zs[i] as number) - mz
    szz += dz * dz
    szx += dz * ((xs[i] as number) - mx)
  }
  const slope = szx / szz
  if (!(slope > 0)) return null
  return Math.exp(mx + slope * (probit(p) - mz))
}

/**
 * The standard normal quantile to within 0.05 for p in [0.001, 0.999] (Tukey's lambda with
 * λ = 0.14): plenty for a probability plot, and a few bytes where a precise one costs hundreds.
 */
export function probit(p: number): number {
  return 4.91 * (p ** 0.14 - (1 - p) ** 0.14)
}
