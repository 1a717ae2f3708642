import type { ErrorCode, JobState } from '../model/job.js'

/** How one raw provider status word maps into the normalized model. */
export interface StatusMapping {
  state: JobState
  /** For failed states: the normalized error code and whether resubmitting may help. */
  error?: { code: ErrorCode; retryable: boolean }
}

/**
 * One provider's exhaustive table of status words. Declared `as const satisfies StatusTable` so
 * every word the provider documents is listed in one place and reviewed together.
 */
export type StatusTable = Readonly<Record<string, StatusMapping>>

/** The result of looking a status word up: the mapping, plus a warning when the word is unknown. */
export interface MappedStatus extends StatusMapping {
  warning: string | null
}

/**
 * Looks a raw status word up. An unknown word never crashes and never silently means "pending
 * forever": it is `running` with the warning `unrecognized-status:<word>`, and the watcher's
 * deadline still ends it.
 */
export function mapStatusWord(table: StatusTable, word: string): MappedStatus {
  const mapping = Object.hasOwn(table, word) ? table[word] : undefined
  if (mapping) return { ...mapping, warning: null }
  return { state: 'running', warning: `unrecognized-status:${word}` }
}
