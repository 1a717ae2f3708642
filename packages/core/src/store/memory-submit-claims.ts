import type { NewSubmitClaim, SubmitClaim, SubmitClaimStore } from './submit-claims.js'

/** The claims' map key: owner and key, which neither may contain a NUL to fake. */
const slot = (owner: string, key: string) => `${owner}\u0000${key}`

/**
 * The {@link SubmitClaimStore} of `MemoryJobStore`: claims in a map, copied in and out as the SQL
 * store's rows are, with the same answers.
 */
export class MemorySubmitClaims implements SubmitClaimStore {
  readonly #claims = new Map<string, SubmitClaim>()
  readonly #ensureOpen: () => void

  /** `ensureOpen` throws when the store this belongs to is closed. */
  constructor(ensureOpen: () => void) {
    this.#ensureOpen = ensureOpen
  }

  async claimSubmit(claim: NewSubmitClaim): Promise<SubmitClaim | null> {
    this.#ensureOpen()
    for (const name of ['owner', 'key', 'fingerprint'] as const) {
      if (typeof claim[name] !== 'string' || claim[name] === '')
        throw new TypeError(`claimSubmit: ${name} must be a non-empty string.`)
    }
    const held = this.#claims.get(slot(claim.owner, claim.key))
    if (held && held.expiresAt > claim.claimedAt) return { ...held }
    const fresh: SubmitClaim = { ...claim, state: 'pending', jobKey: null }
    this.#claims.set(slot(claim.owner, claim.key), fresh)
    return null
  }

  async journalSubmit(owner: string, key: string, jobKey: string): Promise<boolean> {
    return this.#change(owner, key, { state: 'journaled', jobKey })
  }

  async markSubmitUnknown(owner: string, key: string): Promise<boolean> {
    return this.#change(owner, key, { state: 'unknown' })
  }

  async releaseSubmit(owner: string, key: string): Promise<boolean> {
    this.#ensureOpen()
    return this.#claims.delete(slot(owner, key))
  }

  async openSubmits(now: number): Promise<SubmitClaim[]> {
    this.#ensureOpen()
    return [...this.#claims.values()]
      .filter((c) => c.state !== 'unknown' && c.expiresAt > now)
      .sort((a, b) => a.claimedAt - b.claimedAt || (a.key < b.key ? -1 : 1))
      .map((c) => ({ ...c }))
  }

  async sweepSubmits(now: number): Promise<number> {
    this.#ensureOpen()
    let swept = 0
    for (const [at, claim] of this.#claims) {
      if (claim.expiresAt <= now && this.#claims.delete(at)) swept += 1
    }
    return swept
  }

  /** Empties the map (the store closed). */
  clear(): void {
    this.#claims.clear()
  }

  #change(owner: string, key: string, change: Partial<SubmitClaim>): boolean {
    this.#ensureOpen()
    const held = this.#claims.get(slot(owner, key))
    if (!held) return false
    this.#claims.set(slot(owner, key), { ...held, ...change })
    return true
  }
}
