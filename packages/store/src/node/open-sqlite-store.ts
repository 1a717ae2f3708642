import { resolve } from 'node:path'
import Database from 'better-sqlite3'
import { inspectSchema } from '../sql/migrations.js'
import { SqlJobStore, type SqlJobStoreOptions } from '../sql/sql-job-store.js'
import { StoreError } from '../sql/store-error.js'
import { BetterSqliteDriver } from './better-sqlite-driver.js'
import { preparePath } from './prepare-path.js'
import { storeErrorFromSqlite } from './sqlite-errors.js'

/** How {@link openSqliteStore} opens its file. */
export interface SqliteStoreOptions extends Omit<SqlJobStoreOptions, 'location'> {
  /**
   * Hold the file alone for the life of the store: an OS-level lock (SQLite's exclusive locking
   * mode, taken at open), so a second gateway on the same file fails at once with reason
   * `locked`, and the lock goes with the process however it ends. For the gateway, the only
   * scheduler of its file. Default: false (the terminal: several processes share the file).
   */
  exclusive?: boolean | undefined
  /**
   * How long a statement waits for another process's write before failing with reason `locked`,
   * in milliseconds. Opening an exclusive store never waits. Default: 5000.
   */
  busyTimeoutMs?: number | undefined
}

const DEFAULT_BUSY_TIMEOUT_MS = 5000

/**
 * Opens (creating when absent) the job store in the SQLite file at `path`: WAL mode, a busy
 * timeout, `foreign_keys` on, migrations applied. A file it cannot use is refused with a
 * `StoreError` naming it (`corrupt`, `locked`, `too-new`, `unreadable`, `not-a-store`) and is
 * never deleted, renamed or overwritten.
 */
export async function openSqliteStore(
  path: string,
  options: SqliteStoreOptions = {},
): Promise<SqlJobStore> {
  if (typeof path !== 'string' || path.trim() === '') {
    throw new TypeError('openSqliteStore needs the path of the store file, e.g. "jobs.db".')
  }
  const file = resolve(path)
  const exclusive = options.exclusive ?? false
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS
  if (!Number.isSafeInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
    throw new RangeError(
      `busyTimeoutMs must be a whole number of milliseconds, at least 0 (got ${busyTimeoutMs}).`,
    )
  }
  preparePath(file)
  const context = { path: file, exclusive, opening: true, busyTimeoutMs }
  let db: Database.Database
  try {
    // A second gateway must fail at once rather than queue behind the first.
    db = new Database(file, { fileMustExist: true, timeout: exclusive ? 0 : busyTimeoutMs })
  } catch (error) {
    throw storeErrorFromSqlite(error, context) ?? error
  }
  try {
    // In this order: the locking mode must be set before WAL is entered, so the exclusive lock
    // is a plain OS lock on the file and no shared-memory index is made that others could use.
    if (exclusive) db.pragma('locking_mode = EXCLUSIVE')
    const driver = new BetterSqliteDriver(db, context)
    // Refuses a foreign or newer file before WAL mode would rewrite its header.
    inspectSchema(driver, { location: file })
    const mode = db.pragma('journal_mode = WAL', { simple: true })
    if (mode !== 'wal') {
      throw new StoreError(
        `The job store ${file} cannot use SQLite's WAL mode (it stayed in "${String(mode)}"), which sharing it safely needs: is it on a network file system?`,
        { path: file, reason: 'unreadable' },
      )
    }
    // WAL with NORMAL survives any process crash; only a power cut may lose the last writes.
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    // The migration's write transaction is what takes an exclusive store's lock.
    const store = SqlJobStore.open(driver, { ...options, location: file })
    driver.opened()
    return store
  } catch (error) {
    db.close()
    throw storeErrorFromSqlite(error, context) ?? error
  }
}
