/**
 * Where a keyed submit stands. `pending`: claimed, the provider has not answered (or its answer
 * was lost). `journaled`: the provider answered and its job id is on the claim; the job is done
 * once it is in the store under that key. `unknown`: the provider may or may not have the job
 * (no usable answer came, or the gateway stopped before it journaled one); the key can never
 * learn which.
 */
export type SubmitClaimState = 'pending' | 'journaled' | 'unknown'

/**
 * One `Idempotency-Key` of one owner: claimed before the provider is called, journaled with the
 * job's id as soon as the provider answers. Plain JSON-able data, with nothing secret in it (the
 * owner is an API key's name; the fingerprint is a hash of the request).
 */
export interface SubmitClaim {
  /** The name of the API key the key is scoped to (one owner's key never meets another's). */
  owner: string
  /** The caller's `Idempotency-Key`, 1–255 visible ASCII characters. */
  key: string
  /** What the request was: a hash of it (the gateway's is SHA-256 of its canonical JSON). */
  fingerprint: string
  /** Where the submit stands. */
  state: SubmitClaimState
  /** The job's key (core's encoded handle) once `journaled`; null before. */
  jobKey: string | null
  /** When the key was claimed, epoch milliseconds (an integer). */
  claimedAt: number
  /** When the claim lapses, epoch milliseconds: from then on the key is free and is swept. */
  expiresAt: number
}

/** What {@link SubmitClaimStore.claimSubmit} records: a new claim starts `pending`. */
export type NewSubmitClaim = Pick<
  SubmitClaim,
  'owner' | 'key' | 'fingerprint' | 'claimedAt' | 'expiresAt'
>

/**
 * The store's section for idempotent submits (part of every `JobStore`). Writes are one small
 * statement each, so a crash leaves a claim in exactly one of its states.
 */
export interface SubmitClaimStore {
  /**
   * Claims `owner`'s key unless a claim of it that has not lapsed by `claimedAt` exists. Resolves
   * null when this call claimed it (a `pending` claim), else with the claim that holds the key
   * (unchanged). A lapsed claim is replaced. Atomic: of two calls at once, one claims.
   */
  claimSubmit(claim: NewSubmitClaim): Promise<SubmitClaim | null>
  /**
   * Journals the provider's answer on a claim: `journaled` with `jobKey`. Resolves false when the
   * claim is gone (released or swept).
   */
  journalSubmit(owner: string, key: string, jobKey: string): Promise<boolean>
  /** Marks a claim `unknown` (see {@link SubmitClaimState}); false when the claim is gone. */
  markSubmitUnknown(owner: string, key: string): Promise<boolean>
  /** Drops a claim (the submit failed for certain): the key is free again. False when gone. */
  releaseSubmit(owner: string, key: string): Promise<boolean>
  /**
   * Every claim `pending` or `journaled` that has not lapsed by `now`, oldest first (by
   * `claimedAt`, then key): what a restart settles (a `journaled` one's job recovered, a
   * `pending` one made `unknown`).
   */
  openSubmits(now: number): Promise<SubmitClaim[]>
  /** Removes every claim lapsed by `now`; resolves with how many. */
  sweepSubmits(now: number): Promise<number>
}
