import type { Clock } from '../clock/clock.js'
import { IdempotencyConflictError } from '../errors/idempotency-error.js'
import { SubmitOutcomeUnknownError } from '../errors/subclasses.js'
import type { Job, ProviderId } from '../model/job.js'
import type { StoredJob } from '../store/job-store.js'
import type { SubmitClaim, SubmitClaimStore } from '../store/submit-claims.js'

/** How long an `Idempotency-Key` is kept by default: 24 hours. */
export const DEFAULT_IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000

/** Lapsed claims are swept at most this often while submits come in: hourly. */
const SWEEP_EVERY_MS = 60 * 60 * 1000

/** The idempotency of one submit (`HubSubmitOptions.idempotency`). */
export interface SubmitIdempotency {
  /** The caller's `Idempotency-Key` (the gateway checks its form), scoped to the owner. */
  key: string
  /**
   * What the request is, as a hash: the same key with another fingerprint is refused
   * (`IdempotencyConflictError`, `reused`). The gateway's is SHA-256 of the canonical body.
   */
  fingerprint: string
  /** How long the key is kept from its claim, in ms. Default 24 hours. */
  ttlMs?: number | undefined
}

/** What the journal needs of its hub. */
export interface SubmitJournalDeps {
  store: SubmitClaimStore
  clock: Clock
  /** The stored job of a key, or null, as a read answers it (refreshed when stale): a replay. */
  read: (jobKey: string) => Promise<StoredJob | null>
  /** The stored job of a key as it is stored, or null: what a start checks, asking nobody. */
  stored: (jobKey: string) => Promise<StoredJob | null>
  /** Records a journaled job the store lacks (a crash after the provider's answer) and holds it. */
  recover: (claim: SubmitClaim & { jobKey: string }) => Promise<StoredJob>
}

const slot = (owner: string, key: string) => `${owner}\u0000${key}`

function unknownOutcome(key: string, provider: ProviderId): SubmitOutcomeUnknownError {
  return new SubmitOutcomeUnknownError(
    `An earlier submit with this Idempotency-Key (${JSON.stringify(key.slice(0, 40))}) ended without a usable answer from the provider, which may or may not have the job (and may charge for it). Check the job list (GET /v1/jobs) before submitting again, and use a new key if you do.`,
    { provider, reason: 'key-unknown' },
  )
}

/**
 * The journal of keyed submits: a claim written before the provider is called, the job's id
 * journaled as soon as it answers, the job's insert completing it. Claims left open by a crash
 * are settled at start (`settleOpen`): a journaled one's job is recovered, a pending one becomes
 * `unknown`. One hub per store: "in flight" is what this hub is submitting now.
 */
export class SubmitJournal {
  readonly #deps: SubmitJournalDeps
  readonly #inFlight = new Set<string>()
  #sweptAt = Number.NEGATIVE_INFINITY

  constructor(deps: SubmitJournalDeps) {
    this.#deps = deps
  }

  /**
   * Claims the key for a submit of `owner`'s: resolves null when the caller should submit (through
   * `call`, then `done` at the end), or the job the key stands for
   * already (a replay). Throws `IdempotencyConflictError` (another request, or this one still in
   * flight) and `SubmitOutcomeUnknownError` (the key's submit ended without an answer).
   */
  async claim(
    owner: string,
    once: SubmitIdempotency,
    provider: ProviderId,
  ): Promise<StoredJob | null> {
    const { store, clock } = this.#deps
    const now = clock.now()
    if (now - this.#sweptAt >= SWEEP_EVERY_MS) {
      this.#sweptAt = now
      await store.sweepSubmits(now)
    }
    const at = slot(owner, once.key)
    const busy = this.#inFlight.has(at)
    if (!busy) this.#inFlight.add(at)
    let held: SubmitClaim | null
    try {
      const expiresAt = now + (once.ttlMs ?? DEFAULT_IDEMPOTENCY_TTL_MS)
      const claim = { owner, key: once.key, fingerprint: once.fingerprint, claimedAt: now }
      held = await store.claimSubmit({ ...claim, expiresAt })
    } catch (error) {
      if (!busy) this.#inFlight.delete(at)
      throw error
    }
    if (held === null) return null
    if (!busy) this.#inFlight.delete(at)
    if (held.fingerprint !== once.fingerprint) {
      throw IdempotencyConflictError.reused()
    }
    if (held.state === 'unknown') throw unknownOutcome(once.key, provider)
    if (busy) {
      throw IdempotencyConflictError.inFlight()
    }
    const settled = await this.#settle(held, this.#deps.read)
    if (settled === 'unknown') throw unknownOutcome(once.key, provider)
    return settled.job
  }

  /**
   * Runs the provider call of a claimed submit (`once` absent: just runs it). Its answer's job id
   * is journaled on the claim (one small write) before the caller inserts the job. A
   * `SubmitOutcomeUnknownError` leaves the key `unknown`; any other failure is definite (nothing
   * was created), so the key is released for a corrected request.
   */
  async call(
    owner: string,
    once: SubmitIdempotency | undefined,
    submit: () => Promise<Job>,
  ): Promise<Job> {
    // Awaited here, not returned: a rejection left for the caller to adopt a turn later is
    // reported as unhandled by workerd.
    if (!once) return await submit()
    const { store } = this.#deps
    let job: Job
    try {
      job = await submit()
    } catch (error) {
      // A store that fails here leaves the claim pending, which a restart makes `unknown`: safe,
      // and the caller still sees the provider's error rather than the store's.
      const settle = SubmitOutcomeUnknownError.isInstance(error)
        ? store.markSubmitUnknown(owner, once.key)
        : store.releaseSubmit(owner, once.key)
      await settle.catch(() => undefined)
      throw error
    }
    await store.journalSubmit(owner, once.key, job.id)
    return job
  }

  /** The submit with this key ended here (answered, or failed): it is no longer in flight. */
  done(owner: string, key: string): void {
    this.#inFlight.delete(slot(owner, key))
  }

  /**
   * Settles every claim a previous run left open, before anything is submitted: a journaled
   * claim's job is recovered into the store, a pending one becomes `unknown`. Resolves with how
   * many jobs it recovered.
   */
  async settleOpen(): Promise<number> {
    const { store, clock } = this.#deps
    const now = clock.now()
    this.#sweptAt = now
    await store.sweepSubmits(now)
    let recovered = 0
    for (const claim of await store.openSubmits(now)) {
      // Every claim of the last day that journaled a job is open: its job is only looked up.
      const settled = await this.#settle(claim, this.#deps.stored)
      if (settled !== 'unknown' && settled.recovered) recovered += 1
    }
    return recovered
  }

  /** A claim nobody here is submitting: its job (recovered when missing), or now `unknown`. */
  async #settle(
    claim: SubmitClaim,
    read: (jobKey: string) => Promise<StoredJob | null>,
  ): Promise<{ job: StoredJob; recovered: boolean } | 'unknown'> {
    if (claim.state === 'journaled' && claim.jobKey !== null) {
      const stored = await read(claim.jobKey)
      if (stored) return { job: stored, recovered: false }
      return { job: await this.#deps.recover({ ...claim, jobKey: claim.jobKey }), recovered: true }
    }
    if (claim.state !== 'unknown') await this.#deps.store.markSubmitUnknown(claim.owner, claim.key)
    return 'unknown'
  }
}
