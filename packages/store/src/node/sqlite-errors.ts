import { StoreError, type StoreErrorReason } from '../sql/store-error.js'

/**
 * SQLite's primary result codes that are about the file rather than about a statement, and what
 * each means for the store (exhaustive over the codes it classifies; the rest are bugs and are
 * thrown as SQLite gave them).
 */
const FILE_CODES = {
  SQLITE_NOTADB: { reason: 'not-a-store', problem: 'is not an SQLite database' },
  SQLITE_CORRUPT: {
    reason: 'corrupt',
    problem: 'is damaged (SQLite: "database disk image is malformed")',
  },
  SQLITE_BUSY: { reason: 'locked', problem: 'is locked by another process' },
  SQLITE_LOCKED: { reason: 'locked', problem: 'is locked by another connection' },
  SQLITE_READONLY: {
    reason: 'unreadable',
    problem: 'cannot be written (it or its directory is read-only)',
  },
  SQLITE_CANTOPEN: { reason: 'unreadable', problem: 'cannot be opened' },
  SQLITE_PERM: { reason: 'unreadable', problem: 'may not be accessed' },
  SQLITE_AUTH: { reason: 'unreadable', problem: 'may not be accessed' },
  SQLITE_IOERR: { reason: 'unreadable', problem: 'cannot be read or written (an I/O error)' },
  SQLITE_FULL: { reason: 'unreadable', problem: 'cannot grow: the disk is full' },
} as const satisfies Record<string, { reason: StoreErrorReason; problem: string }>

/** What the store was doing when SQLite failed, for the wording of a `locked` message. */
export interface FailureContext {
  path: string
  /** What the file is, as messages name it: `job store`, `demo emulators' state`. */
  label: string
  /** Whether the store holds its file alone (a gateway). */
  exclusive: boolean
  /** Whether the store was being opened (else it was in use). */
  opening: boolean
  /** How long a write waited for another process before failing, ms. */
  busyTimeoutMs: number
}

/**
 * Turns a better-sqlite3 error about the file into a `StoreError` naming it; null for any other
 * error (a programming mistake, to be thrown unchanged).
 */
export function storeErrorFromSqlite(error: unknown, context: FailureContext): StoreError | null {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return null
  const primary = code.split('_').slice(0, 2).join('_') as keyof typeof FILE_CODES
  const known = FILE_CODES[primary]
  if (!known) return null
  const { path, label } = context
  let problem = `The ${label} ${path} ${known.problem}.`
  if (known.reason === 'locked') problem = lockedProblem(context)
  return new StoreError(problem, { path, reason: known.reason, cause: error })
}

function lockedProblem({ path, label, exclusive, opening, busyTimeoutMs }: FailureContext): string {
  if (exclusive && opening) return `The job store is in use by another Darkroom gateway (${path}).`
  if (opening) {
    return `The ${label} ${path} is locked by another process: a Darkroom gateway holds its file alone, or another process kept a write going for more than ${busyTimeoutMs} ms.`
  }
  return `The ${label} ${path} stayed locked by another process for more than ${busyTimeoutMs} ms.`
}
