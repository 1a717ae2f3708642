import type { SqlDriver } from './sql-driver.js'
import { StoreError } from './store-error.js'

/** One step of the schema. A released migration never changes: a change is a new one. */
export interface Migration {
  /** Its number: 1, 2, 3… in order, with no gaps. */
  readonly version: number
  /** What it does, recorded beside its number in `darkroom_schema`. */
  readonly summary: string
  /** Its statements, run in order in the transaction that records it. */
  readonly statements: readonly string[]
}

/** The schema of the job store, oldest first. Opening a store applies the ones it lacks. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    summary: 'jobs, indexed for per-owner lists and for the unfinished ones',
    statements: [
      // The columns before `handle` are copies of what lists and the scheduler filter on, so no
      // query reads JSON; `terminal` rather than a list of states, so a state added to core later
      // needs no migration to count as finished or not.
      `CREATE TABLE jobs (
        key TEXT PRIMARY KEY NOT NULL,
        owner TEXT NOT NULL,
        provider TEXT NOT NULL,
        operation TEXT NOT NULL,
        provider_job_id TEXT NOT NULL,
        state TEXT NOT NULL,
        terminal INTEGER NOT NULL CHECK (terminal IN (0, 1)),
        handle TEXT NOT NULL,
        snapshot TEXT NOT NULL,
        submitted_at INTEGER NOT NULL,
        observed_at INTEGER NOT NULL,
        next_poll_at INTEGER,
        polls INTEGER NOT NULL,
        errors_in_a_row INTEGER NOT NULL
      ) STRICT`,
      'CREATE INDEX jobs_by_owner ON jobs (owner, submitted_at, key)',
      'CREATE INDEX jobs_by_owner_state ON jobs (owner, state, submitted_at, key)',
      'CREATE INDEX jobs_unfinished ON jobs (next_poll_at, submitted_at, key) WHERE terminal = 0',
    ],
  },
  // --- webhooks ---
  {
    version: 2,
    summary: 'webhook subscriptions kept with their jobs, and the outbox of their deliveries',
    statements: [
      // `events` is a JSON array of event types; no secret is ever kept (looked up by owner).
      `CREATE TABLE webhook_subscriptions (
        job_key TEXT PRIMARY KEY NOT NULL,
        url TEXT NOT NULL,
        events TEXT NOT NULL
      ) STRICT`,
      // The rowid orders a job's deliveries (enqueue order); `log` is a JSON array of attempts.
      `CREATE TABLE webhook_deliveries (
        id TEXT PRIMARY KEY NOT NULL,
        job_key TEXT NOT NULL,
        owner TEXT NOT NULL,
        type TEXT NOT NULL,
        occurred_at INTEGER NOT NULL,
        snapshot TEXT NOT NULL,
        url TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
        attempts INTEGER NOT NULL,
        next_attempt_at INTEGER,
        log TEXT NOT NULL
      ) STRICT`,
      'CREATE INDEX webhook_deliveries_by_job ON webhook_deliveries (job_key)',
      "CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending'",
      // A pruned job takes its outbox with it, whichever statement removed it.
      `CREATE TRIGGER jobs_removed_webhooks AFTER DELETE ON jobs BEGIN
        DELETE FROM webhook_subscriptions WHERE job_key = old.key;
        DELETE FROM webhook_deliveries WHERE job_key = old.key;
      END`,
    ],
  },
  // --- idempotent submits ---
  {
    version: 3,
    summary: 'submit claims: Idempotency-Keys per owner and the journal of keyed submits',
    statements: [
      // One row per owner and key; `job_key` is journaled as soon as the provider answers, so a
      // crash before the job's insert leaves what it takes to recover the job.
      `CREATE TABLE submit_claims (
        owner TEXT NOT NULL,
        key TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'journaled', 'unknown')),
        job_key TEXT,
        claimed_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (owner, key)
      ) STRICT`,
      'CREATE INDEX submit_claims_by_expiry ON submit_claims (expires_at)',
    ],
  },
]

/** The table that marks a database as a Darkroom store and records its migrations. */
const SCHEMA_TABLE = `CREATE TABLE darkroom_schema (
  version INTEGER PRIMARY KEY NOT NULL,
  summary TEXT NOT NULL,
  applied_at INTEGER NOT NULL
) STRICT`

// SQLite's own tables, and those a Durable Object keeps for itself (`_cf_…`, `__cf_kv`).
const USER_TABLES = String.raw`SELECT name FROM sqlite_master WHERE type = 'table'
  AND name NOT LIKE 'sqlite\_%' ESCAPE '\' AND name NOT LIKE '\_cf\_%' ESCAPE '\'
  AND name NOT LIKE '\_\_cf\_%' ESCAPE '\' ORDER BY name`

/** What opening did to the schema. */
export interface MigrationResult {
  /** The version found: 0 for an empty database. */
  from: number
  /** The version now. */
  to: number
}

/**
 * Reads which schema version a database is at (0 for an empty one) without writing anything, and
 * refuses one that is another program's, is damaged, or comes from a newer Darkroom. Opening a
 * file calls it before anything may touch the file (even switching it to WAL changes its header).
 */
export function inspectSchema(
  driver: SqlDriver,
  options: { location: string; migrations?: readonly Migration[] },
): number {
  const { location } = options
  const latest = (options.migrations ?? MIGRATIONS).length
  const tables = driver.exec(USER_TABLES).map((row) => String(row.name))
  if (tables.length === 0) return 0
  if (!tables.includes('darkroom_schema')) {
    const listed = tables.slice(0, 5).join(', ') + (tables.length > 5 ? ', …' : '')
    throw new StoreError(
      `${location} is an SQLite database of something else (tables: ${listed}), not a Darkroom job store.`,
      { path: location, reason: 'not-a-store' },
    )
  }
  const version = Number(driver.exec('SELECT max(version) AS v FROM darkroom_schema')[0]?.v ?? 0)
  if (version === 0 && tables.length > 1) {
    throw new StoreError(`${location} has Darkroom tables but no record of its schema version.`, {
      path: location,
      reason: 'corrupt',
    })
  }
  if (version > latest) {
    throw new StoreError(
      `${location} was written by a newer Darkroom (schema version ${version}; this one knows up to ${latest}).`,
      { path: location, reason: 'too-new' },
    )
  }
  return version
}

/**
 * Brings a database to the newest schema in one write transaction, so processes opening one file
 * at once apply each migration once (the inspection is repeated inside it). An empty database
 * becomes a store; see {@link inspectSchema} for the ones refused.
 */
export function migrate(
  driver: SqlDriver,
  options: { location: string; now: () => number; migrations?: readonly Migration[] },
): MigrationResult {
  const migrations = options.migrations ?? MIGRATIONS
  const latest = migrations.length
  return driver.transaction(() => {
    const from = inspectSchema(driver, options)
    if (from === 0) driver.exec(SCHEMA_TABLE)
    for (const migration of migrations.slice(from)) {
      for (const statement of migration.statements) driver.exec(statement)
      driver.exec(
        'INSERT INTO darkroom_schema (version, summary, applied_at) VALUES (?, ?, ?)',
        migration.version,
        migration.summary,
        options.now(),
      )
    }
    // Begins a write even when nothing was pending, so a file this process may only read is
    // refused here, at open, rather than at the first insert.
    if (from === latest) driver.exec('UPDATE darkroom_schema SET version = version WHERE 0')
    return { from, to: latest }
  })
}
