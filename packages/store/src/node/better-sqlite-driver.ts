import type Database from 'better-sqlite3'
import type { SqlDriver, SqlRow, SqlValue } from '../sql/sql-driver.js'
import { type FailureContext, storeErrorFromSqlite } from './sqlite-errors.js'

/**
 * A {@link SqlDriver} over one better-sqlite3 connection. Statements are prepared once and
 * cached by their text (the store builds a handful of shapes); transactions are `IMMEDIATE`, so
 * concurrent writers queue on the busy timeout instead of failing on a stale read snapshot.
 * SQLite's errors about the file become `StoreError`s naming it.
 */
export class BetterSqliteDriver implements SqlDriver {
  readonly #db: Database.Database
  readonly #statements = new Map<string, Database.Statement>()
  readonly #transaction: Database.Transaction<(work: () => unknown) => unknown>
  readonly #context: FailureContext

  constructor(db: Database.Database, context: FailureContext) {
    this.#db = db
    this.#context = context
    this.#transaction = db.transaction((work: () => unknown) => work())
  }

  /** Marks the store as open: from now on a `locked` error means a write waited too long. */
  opened(): void {
    this.#context.opening = false
  }

  exec(sql: string, ...bindings: SqlValue[]): SqlRow[] {
    return this.#guard(() => {
      let statement = this.#statements.get(sql)
      if (!statement) {
        statement = this.#db.prepare(sql)
        this.#statements.set(sql, statement)
      }
      if (statement.reader) return statement.all(...bindings) as SqlRow[]
      statement.run(...bindings)
      return []
    })
  }

  transaction<T>(work: () => T): T {
    return this.#guard(() => this.#transaction.immediate(work) as T)
  }

  close(): void {
    this.#statements.clear()
    this.#db.close()
  }

  #guard<T>(work: () => T): T {
    try {
      return work()
    } catch (error) {
      throw storeErrorFromSqlite(error, this.#context) ?? error
    }
  }
}
