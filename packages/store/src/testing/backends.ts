import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach } from 'vitest'
import { openSqliteStore } from '../node/open-sqlite-store.js'
import { durableObjectSqlDriver } from '../sql/durable-object-driver.js'
import type { SqlValue } from '../sql/sql-driver.js'
import { SqlJobStore } from '../sql/sql-job-store.js'
import { fakeDurableObjectStorage } from './fake-durable-object.js'
import { tempDir } from './temp-dir.js'

/** A store under test, with a side door to its database for tampering with rows. */
export interface Backend {
  store: SqlJobStore
  /** Runs a statement on the database directly, around the store. */
  raw(sql: string, ...bindings: SqlValue[]): void
  /** Every warning the store reported. */
  warnings: string[]
}

const opened: { close(): unknown }[] = []
afterEach(async () => {
  for (const item of opened.splice(0)) await item.close()
})

/** The two hosts the SQL layer runs on: a file on Node, a Durable Object's storage (faked). */
export const BACKENDS: Record<string, () => Promise<Backend>> = {
  'SQLite file (better-sqlite3)': async () => {
    const warnings: string[] = []
    const path = join(tempDir(), 'jobs.db')
    const store = await openSqliteStore(path, { onWarning: (m) => warnings.push(m) })
    const side = new Database(path)
    opened.push(store, side)
    return {
      store,
      warnings,
      raw: (sql, ...bindings) => void side.prepare(sql).run(...bindings),
    }
  },
  'Durable Object storage (fake over better-sqlite3)': async () => {
    const warnings: string[] = []
    const db = new Database(':memory:')
    opened.push(db)
    const store = SqlJobStore.open(durableObjectSqlDriver(fakeDurableObjectStorage(db)), {
      location: 'durable-object:jobs',
      onWarning: (m) => warnings.push(m),
    })
    return { store, warnings, raw: (sql, ...bindings) => void db.prepare(sql).run(...bindings) }
  },
}
