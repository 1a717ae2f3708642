import type Database from 'better-sqlite3'
import type { DurableObjectSqlStorageLike } from '../sql/durable-object-driver.js'
import type { SqlValue } from '../sql/sql-driver.js'

/** The cursor a Durable Object's `sql.exec` returns, as far as the store can see it. */
export interface FakeCursor {
  toArray(): Record<string, unknown>[]
  one(): Record<string, unknown>
  readonly rowsWritten: number
}

/** A {@link DurableObjectSqlStorageLike} over better-sqlite3, with the statements it ran. */
export interface FakeDurableObjectStorage extends DurableObjectSqlStorageLike {
  readonly sql: { exec(query: string, ...bindings: SqlValue[]): FakeCursor }
  /** Every statement the store ran, in order. */
  readonly statements: string[]
}

/**
 * Mimics a SQLite-backed Durable Object's storage over a better-sqlite3 database: `sql.exec`
 * returns a cursor (`toArray()`, `one()`), `transactionSync` runs a function atomically, and
 * what the real one refuses is refused here too (transaction statements and PRAGMAs: the real
 * storage only allows transactions through `transactionSync`), so a store that passes here
 * issues nothing a Durable Object would reject. The real workerd test comes with the gateway's
 * Durable Object.
 */
export function fakeDurableObjectStorage(db: Database.Database): FakeDurableObjectStorage {
  const statements: string[] = []
  const transaction = db.transaction((work: () => unknown) => work())
  return {
    statements,
    sql: {
      exec(query, ...bindings) {
        if (/^\s*(BEGIN|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE|PRAGMA)\b/i.test(query)) {
          throw new Error(
            `not authorized: a Durable Object refuses "${query.trim().split(/\s/)[0]}"`,
          )
        }
        statements.push(query)
        const statement = db.prepare(query)
        let rows: Record<string, unknown>[] = []
        let rowsWritten = 0
        if (statement.reader) rows = statement.all(...bindings) as Record<string, unknown>[]
        else rowsWritten = statement.run(...bindings).changes
        return {
          toArray: () => rows,
          one: () => {
            if (rows.length !== 1)
              throw new Error(`Expected exactly one result from SQL query, got ${rows.length}.`)
            return rows[0] as Record<string, unknown>
          },
          rowsWritten,
        }
      },
    },
    transactionSync: (work) => transaction(work) as ReturnType<typeof work>,
  }
}
