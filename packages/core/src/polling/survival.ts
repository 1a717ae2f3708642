/**
 * What one finished job says about a duration (milliseconds from an anchor: submit, leaving the
 * queue) or a ratio (actual remaining time over an ETA): it lies after `after` and by `by`.
 * `after` comes from the last poll that saw the job pending; 0 or less when none did after the
 * anchor, as for a job found done at its first poll: the value is then only known to be at most
 * `by` (left-censored).
 */
export interface Bounds {
  after: number
  by: number
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

/**
 * The distribution of durations, Kaplan–Meier style in reversed time (the estimate for
 * left-censored data), from two kinds of bounds. A job seen pending and then done counts half
 * in the middle of each half of that gap: one gap after a poll is about a job's end to within
 * a poll, one after a long skip much less. A job found done at its first poll is censored: it
 * counts only against durations up to its bound, shared among the jobs seen ending earlier, so
 * a late first poll never teaches that jobs end at the first poll. Null without samples.
 */
export function durationCurve(samples: readonly Bounds[]): DurationCurve | null {
  if (samples.length === 0) return null
  // [value, weight]: a positive weight was seen ending there, a negative one ended by then.
  const points: [number, number][] = []
  for (const { after, by } of samples) {
    const quarter = (by - Math.min(after, by)) / 4
    if (after > 0) points.push([by - 3 * quarter, 0.5], [by - quarter, 0.5])
    else points.push([by, -1])
  }
  points.sort((a, b) => a[0] - b[0])
  const at: number[] = []
  const cdf: number[] = []
  // From the longest down: below each duration seen, the share shrinks by the jobs seen ending
  // there over all that may have ended by then (those seen by then and those censored no later).
  let share = 1
  let atRisk = samples.length
  for (let i = points.length - 1; i >= 0; ) {
    const value = (points[i] as [number, number])[0]
    let ended = 0
    let here = 0
    for (; i >= 0 && (points[i] as [number, number])[0] === value; i--) {
      const weight = (points[i] as [number, number])[1]
      here += Math.abs(weight)
      ended += Math.max(0, weight)
    }
    if (ended > 0) {
      at.push(value)
      cdf.push(share)
      share *= 1 - ended / atRisk
    }
    atRisk -= here
  }
  return {
    at: at.reverse(),
    cdf: cdf.reverse(),
    unplaced: share,
    minMs: (points[0] as [number, number])[0],
  }
}

/** The p-quantile where the curve places it; null when it lies among the unplaced share. */
export function curveQuantile(curve: DurationCurve, p: number): number | null {
  const i = curve.cdf.findIndex((share) => share >= p)
  return curve.unplaced < p && i >= 0 ? (curve.at[i] as number) : null
}

/**
 * A low quantile read off the lower half of the curve through a log-normal probability plot
 * (log duration against the normal quantile of the share, by least squares), so it holds below
 * the earliest first poll too, where no job was seen to end. Needs three steps in the lower half
 * rising with duration; null otherwise.
 */
export function lowTailQuantile(curve: DurationCurve, p: number): number | null {
  let n = 0
  let sz = 0
  let sx = 0
  let szz = 0
  let szx = 0
  let below = curve.unplaced
  for (let i = 0; i < curve.at.length; i++) {
    const share = curve.cdf[i] as number
    if (share > 0.5 || share >= 1) break
    // Plotting position: the middle of the step.
    const z = probit((below + share) / 2)
    const x = Math.log(curve.at[i] as number)
    n++
    sz += z
    sx += x
    szz += z * z
    szx += z * x
    below = share
  }
  const slope = (n * szx - sz * sx) / (n * szz - sz * sz)
  return n >= 3 && slope > 0 ? Math.exp((sx + slope * (n * probit(p) - sz)) / n) : null
}

/**
 * The standard normal quantile to within 0.05 for p in [0.001, 0.999] (Tukey's lambda with
 * λ = 0.14): plenty for a probability plot, and a few bytes where a precise one costs hundreds.
 */
export function probit(p: number): number {
  return 4.91 * (p ** 0.14 - (1 - p) ** 0.14)
}
