import type { SqlDriver, SqlRow, SqlValue } from './sql-driver.js'

/**
 * The part of a SQLite-backed Durable Object's `ctx.storage` the store uses, typed structurally so
 * this package needs no `@cloudflare/workers-types`: `ctx.storage` itself satisfies it.
 */
export interface DurableObjectSqlStorageLike {
  readonly sql: {
    /** Runs one statement with its bindings; the cursor's `toArray()` gives every row. */
    exec(query: string, ...bindings: SqlValue[]): { toArray(): Record<string, unknown>[] }
  }
  /** Runs `work` in one transaction, rolled back when it throws. */
  transactionSync<T>(work: () => T): T
}

/**
 * A {@link SqlDriver} over a Durable Object's SQLite storage, for `SqlJobStore.open` inside the
 * object's `blockConcurrencyWhile`. The object's storage caches prepared statements itself, and
 * is never closed by the store.
 */
export function durableObjectSqlDriver(storage: DurableObjectSqlStorageLike): SqlDriver {
  return {
    // The store reads TEXT, INTEGER and NULL only; a BLOB (ArrayBuffer) never comes back.
    exec: (sql, ...bindings) => storage.sql.exec(sql, ...bindings).toArray() as SqlRow[],
    transaction: (work) => storage.transactionSync(work),
  }
}
