import type { NewSubmitClaim, SubmitClaim } from '@darkroom/core'
import type { SqlRow, SqlValue } from './sql-driver.js'

/** The columns of `submit_claims` a read selects, in the order {@link readClaimRow} reads. */
const CLAIM_COLUMNS = 'owner, key, fingerprint, state, job_key, claimed_at, expires_at'

/**
 * Claims a key: inserts a pending claim, or replaces one that has lapsed by the new claim's time.
 * Returns a row only when it claimed; one statement, so of two claims at once only one wins.
 */
export const CLAIM = `INSERT INTO submit_claims (${CLAIM_COLUMNS})
  VALUES (?, ?, ?, 'pending', NULL, ?, ?)
  ON CONFLICT (owner, key) DO UPDATE SET fingerprint = excluded.fingerprint, state = 'pending',
    job_key = NULL, claimed_at = excluded.claimed_at, expires_at = excluded.expires_at
  WHERE submit_claims.expires_at <= excluded.claimed_at
  RETURNING owner`

/** The claim of one owner's key. */
export const SELECT_CLAIM = `SELECT ${CLAIM_COLUMNS} FROM submit_claims WHERE owner = ? AND key = ?`

/** Journals a provider's answer on a claim. */
export const JOURNAL = `UPDATE submit_claims SET state = 'journaled', job_key = ?
  WHERE owner = ? AND key = ? RETURNING owner`

/** Marks a claim's outcome unknown. */
export const MARK_UNKNOWN = `UPDATE submit_claims SET state = 'unknown'
  WHERE owner = ? AND key = ? RETURNING owner`

/** Drops a claim. */
export const RELEASE = 'DELETE FROM submit_claims WHERE owner = ? AND key = ? RETURNING owner'

/** The claims a restart settles, oldest first. */
export const OPEN_CLAIMS = `SELECT ${CLAIM_COLUMNS} FROM submit_claims
  WHERE state != 'unknown' AND expires_at > ? ORDER BY claimed_at, key`

/** Drops the lapsed claims. */
export const SWEEP = 'DELETE FROM submit_claims WHERE expires_at <= ? RETURNING owner'

/** The bindings of {@link CLAIM}. */
export function claimValues(claim: NewSubmitClaim): SqlValue[] {
  return [claim.owner, claim.key, claim.fingerprint, claim.claimedAt, claim.expiresAt]
}

const STATES = new Set<SubmitClaim['state']>(['pending', 'journaled', 'unknown'])

/** A row read back as a claim, or why it cannot be (the table's CHECKs make that rare). */
export function readClaimRow(row: SqlRow): SubmitClaim | string {
  const { owner, key, fingerprint, state, job_key, claimed_at, expires_at } = row
  if (typeof owner !== 'string' || typeof key !== 'string' || typeof fingerprint !== 'string')
    return 'its owner, key or fingerprint is not text'
  if (!STATES.has(state as SubmitClaim['state'])) return `its state ${String(state)} is unknown`
  if (job_key !== null && typeof job_key !== 'string') return 'its job key is not text'
  if (typeof claimed_at !== 'number' || typeof expires_at !== 'number')
    return 'its times are not numbers'
  return {
    owner,
    key,
    fingerprint,
    state: state as SubmitClaim['state'],
    jobKey: job_key,
    claimedAt: claimed_at,
    expiresAt: expires_at,
  }
}
