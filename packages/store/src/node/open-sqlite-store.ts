import { MIGRATIONS } from '../sql/migrations.js'
import { SqlJobStore, type SqlJobStoreOptions } from '../sql/sql-job-store.js'
import { openSqliteFile } from './open-sqlite-file.js'

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
  /**
   * What the file is, as every message names it (the terminal says `job history`).
   * Default: `job store`.
   */
  label?: string | undefined
}

/**
 * Opens (creating when absent) the job store in the SQLite file at `path`: WAL mode, a busy
 * timeout, `foreign_keys` on, migrations applied (see `openSqliteFile`). A file it cannot use is
 * refused with a `StoreError` naming it (`corrupt`, `locked`, `too-new`, `unreadable`,
 * `not-a-store`) and is never deleted, renamed or overwritten.
 */
export async function openSqliteStore(
  path: string,
  options: SqliteStoreOptions = {},
): Promise<SqlJobStore> {
  if (typeof path !== 'string' || path.trim() === '') {
    throw new TypeError('openSqliteStore needs the path of the store file, e.g. "jobs.db".')
  }
  const { exclusive, busyTimeoutMs, label, ...rest } = options
  const file = openSqliteFile(path, {
    migrations: MIGRATIONS,
    exclusive,
    busyTimeoutMs,
    label,
    now: rest.now,
  })
  try {
    return SqlJobStore.open(file.driver, { ...rest, location: file.path })
  } catch (error) {
    file.driver.close()
    throw error
  }
}
