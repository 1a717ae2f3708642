/** Small, dependency-free statistics for benchmark reports. */

/** Arithmetic mean; 0 for an empty list (a report row with no samples reads as 0, not NaN). */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return 0
  let sum = 0
  for (const v of values) sum += v
  return sum / values.length
}

/**
 * The q-quantile (0..1) by the nearest-rank method: always a value that was observed, so a p95
 * of request counts is a whole number of requests, as a reader expects.
 */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.ceil(Math.min(1, Math.max(0, q)) * sorted.length)
  return sorted[Math.max(0, rank - 1)] as number
}

/** Largest value; 0 for an empty list. */
export function max(values: readonly number[]): number {
  let m = 0
  for (const v of values) if (v > m) m = v
  return values.length === 0 ? 0 : m
}

/** Rounds to `digits` decimals, for readable JSON. */
export function round(value: number, digits = 2): number {
  const f = 10 ** digits
  return Math.round(value * f) / f
}
