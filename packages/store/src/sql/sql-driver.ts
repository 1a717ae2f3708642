/** A value the store binds or reads back: SQLite's TEXT, INTEGER or REAL, and NULL. */
export type SqlValue = string | number | null

/** One result row, by column name. */
export type SqlRow = Record<string, SqlValue>

/**
 * The little the job store needs of an SQLite connection, synchronous as both of its hosts are
 * (better-sqlite3 on Node, a Durable Object's `ctx.storage.sql` on Workers). The store issues no
 * `BEGIN`, `COMMIT` or `PRAGMA` of its own through it, since a Durable Object refuses them.
 */
export interface SqlDriver {
  /**
   * Runs one statement with its `?` bindings in order and returns its rows (none for a statement
   * that returns none). Implementations may cache the prepared statement by its text.
   */
  exec(sql: string, ...bindings: SqlValue[]): SqlRow[]
  /** Runs `work` in one write transaction: all of its statements take effect, or none. */
  transaction<T>(work: () => T): T
  /** Releases the connection. Optional: a Durable Object's storage is never closed. */
  close?(): void
}
