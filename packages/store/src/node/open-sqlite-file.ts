import { resolve } from 'node:path'
import Database from 'better-sqlite3'
import { inspectSchema, type Migration, migrate } from '../sql/migrations.js'
import { StoreError } from '../sql/store-error.js'
import { BetterSqliteDriver } from './better-sqlite-driver.js'
import { preparePath } from './prepare-path.js'
import { storeErrorFromSqlite } from './sqlite-errors.js'

/** How {@link openSqliteFile} opens its file. */
export interface SqliteFileOptions {
  /** The schema of the file, oldest first (as `MIGRATIONS` is the job store's). Required. */
  migrations: readonly Migration[]
  /** What the file is, as every message names it. Default: `job store`. */
  label?: string | undefined
  /**
   * Hold the file alone for the life of the connection: an OS-level lock (SQLite's exclusive
   * locking mode, taken at open), so a second opener fails at once with reason `locked`, and the
   * lock goes with the process however it ends. Default: false (processes share the file).
   */
  exclusive?: boolean | undefined
  /**
   * How long a statement waits for another process's write before failing with reason `locked`,
   * in milliseconds. Opening an exclusive file never waits. Default: 5000.
   */
  busyTimeoutMs?: number | undefined
  /** The clock for the time a migration is recorded at, epoch milliseconds. Default: `Date.now`. */
  now?: (() => number) | undefined
}

/** An open SQLite file: its driver, and its absolute path. */
export interface SqliteFile {
  driver: BetterSqliteDriver
  path: string
}

const DEFAULT_BUSY_TIMEOUT_MS = 5000

/**
 * Opens (creating when absent) a Darkroom SQLite file at `path` with the given schema: WAL mode,
 * a busy timeout, `foreign_keys` on, migrations applied. The job store and the terminal's demo
 * emulators' state both open their files this way. A file it cannot use is refused with a
 * `StoreError` naming it (`corrupt`, `locked`, `too-new`, `unreadable`, `not-a-store`) and is
 * never deleted, renamed or overwritten; a directory or a named pipe at the path is refused
 * before SQLite would open (and block on) it.
 */
export function openSqliteFile(path: string, options: SqliteFileOptions): SqliteFile {
  const label = options.label ?? 'job store'
  if (typeof path !== 'string' || path.trim() === '') {
    throw new TypeError(`Opening the ${label} needs the path of its file, e.g. "jobs.db".`)
  }
  const file = resolve(path)
  const exclusive = options.exclusive ?? false
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS
  if (!Number.isSafeInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
    throw new RangeError(
      `busyTimeoutMs must be a whole number of milliseconds, at least 0 (got ${busyTimeoutMs}).`,
    )
  }
  preparePath(file, label)
  const context = { path: file, label, exclusive, opening: true, busyTimeoutMs }
  let db: Database.Database
  try {
    // An exclusive opener must fail at once rather than queue behind the first.
    db = new Database(file, { fileMustExist: true, timeout: exclusive ? 0 : busyTimeoutMs })
  } catch (error) {
    throw storeErrorFromSqlite(error, context) ?? error
  }
  try {
    // In this order: the locking mode must be set before WAL is entered, so the exclusive lock
    // is a plain OS lock on the file and no shared-memory index is made that others could use.
    if (exclusive) db.pragma('locking_mode = EXCLUSIVE')
    const driver = new BetterSqliteDriver(db, context)
    const schema = { location: file, migrations: options.migrations }
    // Refuses a foreign or newer file before WAL mode would rewrite its header.
    inspectSchema(driver, schema)
    const mode = db.pragma('journal_mode = WAL', { simple: true })
    if (mode !== 'wal') {
      throw new StoreError(
        `The ${label} ${file} cannot use SQLite's WAL mode (it stayed in "${String(mode)}"), which sharing it safely needs: is it on a network file system?`,
        { path: file, reason: 'unreadable' },
      )
    }
    // WAL with NORMAL survives any process crash; only a power cut may lose the last writes.
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    // The migration's write transaction is what takes an exclusive file's lock.
    migrate(driver, { ...schema, now: options.now ?? Date.now })
    driver.opened()
    return { driver, path: file }
  } catch (error) {
    db.close()
    throw storeErrorFromSqlite(error, context) ?? error
  }
}
