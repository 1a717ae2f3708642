import type {
  JobListQuery,
  JobPruneOptions,
  ListPosition,
  StoredJobUpdate,
  UnfinishedQuery,
} from '@darkroom/core'
import { JOB_COLUMNS, snapshotColumns } from './job-rows.js'
import type { SqlValue } from './sql-driver.js'

/**
 * The store's statements. Each is built from fixed pieces, so a query shape always gives the same
 * text and a driver's statement cache holds a handful of them, never one per call.
 */
export interface Statement {
  sql: string
  bindings: SqlValue[]
}

/** Inserts a row unless its key exists; returns the key only when it inserted. */
export const INSERT = `INSERT INTO jobs (${JOB_COLUMNS}) VALUES (${JOB_COLUMNS.split(',')
  .map(() => '?')
  .join(', ')}) ON CONFLICT (key) DO NOTHING RETURNING key`

/** One job by its key. */
export const SELECT_ONE = `SELECT ${JOB_COLUMNS} FROM jobs WHERE key = ?`

/** Every owner with a job, in order. */
export const OWNERS = 'SELECT DISTINCT owner FROM jobs ORDER BY owner'

/** Whether a key exists. */
export const EXISTS = 'SELECT 1 AS found FROM jobs WHERE key = ?'

/**
 * One UPDATE for a scheduler's update, setting only the fields it carries. A new snapshot must
 * be of the row's own job: the WHERE clause says so, and a row it does not match is not written.
 */
export function updateStatement(key: string, update: StoredJobUpdate): Statement | null {
  const sets: string[] = []
  const bindings: SqlValue[] = []
  const set = (column: string, value: SqlValue) => {
    sets.push(`${column} = ?`)
    bindings.push(value)
  }
  if (update.snapshot !== undefined) {
    const columns = snapshotColumns(update.snapshot)
    set('snapshot', columns.json)
    set('state', columns.state)
    set('terminal', columns.terminal)
  }
  if (update.observedAt !== undefined) set('observed_at', update.observedAt)
  if (update.nextPollAt !== undefined) set('next_poll_at', update.nextPollAt)
  if (update.polls !== undefined) set('polls', update.polls)
  if (update.errorsInARow !== undefined) set('errors_in_a_row', update.errorsInARow)
  if (sets.length === 0) return null
  let where = 'key = ?'
  bindings.push(key)
  if (update.snapshot !== undefined) {
    where += ' AND provider = ? AND operation = ? AND provider_job_id = ?'
    bindings.push(
      update.snapshot.provider,
      update.snapshot.operation,
      update.snapshot.providerJobId,
    )
  }
  return { sql: `UPDATE jobs SET ${sets.join(', ')} WHERE ${where} RETURNING key`, bindings }
}

/** One page of an owner's jobs newest first, one row more than asked to tell if a page follows. */
export function listStatement(
  query: Pick<JobListQuery, 'owner' | 'state' | 'provider' | 'limit'>,
  after: ListPosition | null,
): Statement {
  const where = ['owner = ?']
  const bindings: SqlValue[] = [query.owner]
  if (query.state !== undefined) {
    where.push('state = ?')
    bindings.push(query.state)
  }
  if (query.provider !== undefined) {
    where.push('provider = ?')
    bindings.push(query.provider)
  }
  if (after) {
    where.push('(submitted_at, key) < (?, ?)')
    bindings.push(after.submittedAt, after.key)
  }
  bindings.push(query.limit + 1)
  return {
    sql: `SELECT ${JOB_COLUMNS} FROM jobs WHERE ${where.join(' AND ')} ORDER BY submitted_at DESC, key DESC LIMIT ?`,
    bindings,
  }
}

/** The unfinished jobs, soonest poll first; SQLite sorts a null (unplanned) poll time first. */
export function unfinishedStatement(query: UnfinishedQuery): Statement {
  // Unfinished jobs are few beside the finished ones that pile up, so their partial index is
  // the one to walk even for one owner; `+owner` keeps the planner off the owner index.
  const { where, bindings } = ownerAndProvider('terminal = 0', query, '+owner')
  return {
    sql: `SELECT ${JOB_COLUMNS} FROM jobs WHERE ${where} ORDER BY next_poll_at, submitted_at, key`,
    bindings,
  }
}

/**
 * Deletes the oldest finished jobs beyond `keep`, counting the unfinished ones (never deleted)
 * against it: the newest `keep - unfinished` finished jobs stay.
 */
export function pruneStatement(options: JobPruneOptions): Statement {
  const finished = ownerAndProvider('terminal = 1', { owner: options.owner })
  const unfinished = ownerAndProvider('terminal = 0', { owner: options.owner })
  return {
    sql: `DELETE FROM jobs WHERE key IN (SELECT key FROM jobs WHERE ${finished.where}
      ORDER BY submitted_at DESC, key DESC LIMIT -1
      OFFSET max(0, ? - (SELECT count(*) FROM jobs WHERE ${unfinished.where}))) RETURNING key`,
    bindings: [...finished.bindings, options.keep, ...unfinished.bindings],
  }
}

function ownerAndProvider(
  first: string,
  query: UnfinishedQuery,
  ownerColumn = 'owner',
): { where: string; bindings: SqlValue[] } {
  const where = [first]
  const bindings: SqlValue[] = []
  if (query.owner !== undefined) {
    where.push(`${ownerColumn} = ?`)
    bindings.push(query.owner)
  }
  if (query.provider !== undefined) {
    where.push('provider = ?')
    bindings.push(query.provider)
  }
  return { where: where.join(' AND '), bindings }
}
