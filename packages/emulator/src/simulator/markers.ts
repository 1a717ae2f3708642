/**
 * Per-job test switches found in request fields, the way payment sandboxes use magic card
 * numbers: a client under test can make one job fail or take a set time without configuring
 * the emulator.
 */
export interface Markers {
  /**
   * From `[[fail:<value>]]`: the job fails at its finish time, and the emulator reports `value`
   * in that provider's own terms (a status word like `OOM`, a result code like `1000`, or just
   * `failed`). Null when absent.
   */
  fail: string | null
  /** From `[[duration:<seconds>]]`: the job's run time, replacing the drawn one. Null when absent. */
  durationMs: number | null
  /**
   * From `[[status-error:<code>]]`: while the job is pending, its status calls answer with this
   * business error code in the provider's own envelope (a code no table knows, say), then answer
   * normally once it has ended. Null when absent.
   */
  statusError: string | null
}

// Values are restricted so a typo (`[[duration:abc]]`, `[[fail:]]`) is ignored rather than
// turned into a surprising failure code.
const MARKER = /\[\[\s*(fail|duration|status-error)\s*:\s*([^\]\s]+)\s*\]\]/gi
/** Any marker-shaped text, valid or not. */
const MARKER_TEXT = /\[\[\s*(?:fail|duration|status-error)\s*:[^\]]*\]\]/gi
const FAIL_VALUE = /^[A-Za-z0-9_.-]+$/
const DURATION_VALUE = /^\d+(?:\.\d+)?$/
const MAX_DEPTH = 32

/**
 * Finds markers in every string inside `values`, walking nested arrays and plain objects
 * (Aidge has no prompt, so callers pass the whole request body). The first valid marker of each
 * kind wins, in argument order, then depth-first field order; invalid ones are ignored.
 */
export function parseMarkers(...values: unknown[]): Markers {
  const found: Markers = { fail: null, durationMs: null, statusError: null }
  const seen = new WeakSet<object>()
  const visit = (value: unknown, depth: number): void => {
    if (found.fail !== null && found.durationMs !== null && found.statusError !== null) return
    if (typeof value === 'string') {
      scan(value, found)
    } else if (value !== null && typeof value === 'object' && depth < MAX_DEPTH) {
      if (seen.has(value)) return
      seen.add(value)
      const children = Array.isArray(value) ? value : Object.values(value)
      for (const child of children) visit(child, depth + 1)
    }
  }
  for (const value of values) visit(value, 0)
  return found
}

function scan(text: string, found: Markers): void {
  if (!text.includes('[[')) return
  for (const match of text.matchAll(MARKER)) {
    const kind = match[1]?.toLowerCase()
    const value = match[2] ?? ''
    if (kind === 'fail' && found.fail === null && FAIL_VALUE.test(value)) {
      found.fail = value
    } else if (kind === 'duration' && found.durationMs === null && DURATION_VALUE.test(value)) {
      found.durationMs = Math.round(Number(value) * 1000)
    } else if (kind === 'status-error' && found.statusError === null && FAIL_VALUE.test(value)) {
      found.statusError = value
    }
  }
}

/** The text without its markers, so a marker can ride on a field that is validated. */
export function stripMarkers(text: string): string {
  return text.replace(MARKER_TEXT, '').trim()
}
