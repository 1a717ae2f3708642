/**
 * Reads a `Retry-After` header (delta seconds or an HTTP date) as milliseconds from `now`.
 * Returns undefined when absent or unreadable (a number too large to represent included);
 * never negative.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value == null) return undefined
  const text = value.trim()
  if (/^\d+(\.\d+)?$/.test(text)) {
    const ms = Math.round(Number(text) * 1000)
    return Number.isFinite(ms) ? ms : undefined
  }
  const at = Date.parse(text)
  if (Number.isNaN(at)) return undefined
  return Math.max(0, at - now)
}
