import type { SimulatorRecord, SimulatorStateStore } from './simulator-state.js'

/** A value bound to or read from SQL: the shape of `@darkroom/store`'s `SqlValue`. */
type SqlValue = string | number | null

/**
 * The synchronous SQL connection {@link sqlSimulatorState} runs on: `@darkroom/store`'s
 * `SqlDriver` fits (a `node:sqlite` file, a Durable Object's `ctx.storage.sql`).
 */
export interface SimulatorSqlDriver {
  /** Runs one statement with its `?` bindings and returns its rows. */
  exec(sql: string, ...bindings: SqlValue[]): Record<string, SqlValue>[]
  /** Runs `work` in one write transaction. */
  transaction<T>(work: () => T): T
}

/**
 * The table {@link sqlSimulatorState} keeps its records in; the caller creates it (in its own
 * migrations, or `CREATE TABLE IF NOT EXISTS` where there are none).
 */
export const SIMULATOR_JOBS_TABLE = `emulator_jobs (
  namespace TEXT NOT NULL,
  sequence INTEGER NOT NULL,
  record TEXT NOT NULL,
  PRIMARY KEY (namespace, sequence)
) STRICT`

/** Options of {@link sqlSimulatorState}. */
export interface SqlSimulatorStateOptions {
  /**
   * The error for a stored record that cannot be read (a job the emulators cannot read would
   * shift every later one, so the state is refused instead). Default: a `RangeError` naming it.
   */
  unreadable?: ((namespace: string, sequence: SqlValue) => Error) | undefined
}

/**
 * A {@link SimulatorStateStore} in an SQL table ({@link SIMULATOR_JOBS_TABLE}). Each append runs
 * in one write transaction, so connections appending at once never take the same sequence
 * number or lose a job.
 */
export function sqlSimulatorState(
  driver: SimulatorSqlDriver,
  options: SqlSimulatorStateOptions = {},
): SimulatorStateStore {
  const unreadable =
    options.unreadable ??
    ((namespace, sequence) =>
      new RangeError(`The emulator job ${namespace} #${String(sequence)} is unreadable.`))
  const parse = (namespace: string, sequence: SqlValue, text: SqlValue): SimulatorRecord => {
    let record: Partial<SimulatorRecord> | null = null
    try {
      record = JSON.parse(String(text)) as Partial<SimulatorRecord>
    } catch {
      record = null
    }
    if (
      !record ||
      record.sequence !== sequence ||
      typeof record.id !== 'string' ||
      typeof record.startAt !== 'number' ||
      typeof record.finishAt !== 'number'
    ) {
      throw unreadable(namespace, sequence)
    }
    return record as SimulatorRecord
  }
  return {
    since: (namespace, from) =>
      driver
        .exec(
          'SELECT sequence, record FROM emulator_jobs WHERE namespace = ? AND sequence >= ? ORDER BY sequence',
          namespace,
          from,
        )
        .map((row) => parse(namespace, row.sequence ?? null, row.record ?? null)),
    append(namespace, build) {
      return driver.transaction(() => {
        const [last] = driver.exec(
          'SELECT max(sequence) AS last FROM emulator_jobs WHERE namespace = ?',
          namespace,
        )
        const sequence = last?.last === null || last?.last === undefined ? 0 : Number(last.last) + 1
        const record = build(sequence)
        if (record.sequence !== sequence) {
          throw new RangeError(`append expected sequence ${sequence}, got ${record.sequence}`)
        }
        driver.exec(
          'INSERT INTO emulator_jobs (namespace, sequence, record) VALUES (?, ?, ?)',
          namespace,
          sequence,
          JSON.stringify(record),
        )
        return record
      })
    },
  }
}
