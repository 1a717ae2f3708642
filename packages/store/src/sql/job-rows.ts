import { InvalidInputError, isTerminalState, type StoredJob } from '@darkroom/core'
import { describeIssues, toInputIssues } from '@darkroom/core/provider-kit'
import * as v from 'valibot'
import type { SqlRow, SqlValue } from './sql-driver.js'
import { StoredJobSchema } from './store-schemas.js'

/** The columns of `jobs` a read selects, in the order `readJobRow` expects them. */
export const JOB_COLUMNS =
  'key, owner, provider, operation, provider_job_id, state, terminal, handle, snapshot, submitted_at, observed_at, next_poll_at, polls, errors_in_a_row'

/** The bindings of an insert of a valid job, in the order of {@link JOB_COLUMNS}. */
export function jobRowValues(job: StoredJob): SqlValue[] {
  const snapshot = snapshotColumns(job.snapshot)
  return [
    job.key,
    job.owner,
    job.handle.provider,
    job.handle.operation,
    job.handle.providerJobId,
    snapshot.state,
    snapshot.terminal,
    toJson(job.handle, 'handle'),
    snapshot.json,
    job.submittedAt,
    job.observedAt,
    job.nextPollAt,
    job.polls,
    job.errorsInARow,
  ]
}

/** A snapshot as its column holds it, with the columns derived from it. */
export function snapshotColumns(snapshot: StoredJob['snapshot']): {
  state: string
  terminal: number
  json: string
} {
  return {
    state: snapshot.state,
    terminal: isTerminalState(snapshot.state) ? 1 : 0,
    json: toJson(snapshot, 'snapshot'),
  }
}

/** What reading a row back gave: the job, or why the row is unreadable. */
export type ReadRow = { ok: true; job: StoredJob } | { ok: false; key: string; problem: string }

/**
 * Reads a row back into a job, validated as on insert (core's schemas), and checks that the
 * columns lists filter on still agree with the JSON they were derived from.
 */
export function readJobRow(row: SqlRow): ReadRow {
  const key = typeof row.key === 'string' ? row.key : String(row.key)
  const handle = parseJson(row.handle)
  const snapshot = parseJson(row.snapshot)
  if (handle === undefined || snapshot === undefined) {
    return {
      ok: false,
      key,
      problem: `its ${handle === undefined ? 'handle' : 'snapshot'} is not JSON`,
    }
  }
  const parsed = v.safeParse(StoredJobSchema, {
    key: row.key,
    handle,
    owner: row.owner,
    snapshot,
    submittedAt: row.submitted_at,
    observedAt: row.observed_at,
    nextPollAt: row.next_poll_at,
    polls: row.polls,
    errorsInARow: row.errors_in_a_row,
  })
  if (!parsed.success) {
    return { ok: false, key, problem: describeIssues(toInputIssues(parsed.issues), 5) }
  }
  const job = parsed.output
  const agrees =
    row.provider === job.handle.provider &&
    row.operation === job.handle.operation &&
    row.provider_job_id === job.handle.providerJobId &&
    row.state === job.snapshot.state &&
    row.terminal === (isTerminalState(job.snapshot.state) ? 1 : 0)
  if (!agrees)
    return { ok: false, key, problem: 'its columns disagree with its handle or snapshot' }
  return { ok: true, job }
}

function parseJson(value: SqlValue | undefined): unknown {
  if (typeof value !== 'string') return undefined
  try {
    return JSON.parse(value) as unknown
  } catch {
    return undefined
  }
}

function toJson(value: unknown, field: string): string {
  // A snapshot's `raw` is `unknown`: a BigInt or a cycle in it must fail here, clearly.
  try {
    return JSON.stringify(value)
  } catch (error) {
    const message = `cannot be stored as JSON (${(error as Error).message}): keep it plain JSON data`
    throw new InvalidInputError(`Invalid job for the job store: ${field} ${message}.`, {
      issues: [{ path: field, message }],
    })
  }
}
