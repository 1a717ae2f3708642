import type { NewSubmitClaim, SubmitClaim, SubmitClaimStore } from '@darkroom/core'
import * as v from 'valibot'
import type { SqlDriver, SqlValue } from './sql-driver.js'
import { StoreError } from './store-error.js'
import { checkArgument } from './store-schemas.js'
import {
  CLAIM,
  claimValues,
  JOURNAL,
  MARK_UNKNOWN,
  OPEN_CLAIMS,
  RELEASE,
  readClaimRow,
  SELECT_CLAIM,
  SWEEP,
} from './submit-claim-queries.js'

const text = v.pipe(v.string(), v.minLength(1, 'must not be empty'))
const epochMs = v.pipe(v.number(), v.safeInteger('must be a whole number of epoch milliseconds'))
const NewClaimSchema = v.strictObject({
  owner: text,
  key: text,
  fingerprint: text,
  claimedAt: epochMs,
  expiresAt: epochMs,
})

/**
 * The `SubmitClaimStore` section of `SqlJobStore`, in the `submit_claims` table (migration 2):
 * each call one statement but the claim, whose read of a held key runs in the same transaction.
 */
export class SqlSubmitClaims implements SubmitClaimStore {
  readonly #driver: SqlDriver
  readonly #location: string
  readonly #ensureOpen: () => void

  constructor(driver: SqlDriver, location: string, ensureOpen: () => void) {
    this.#driver = driver
    this.#location = location
    this.#ensureOpen = ensureOpen
  }

  async claimSubmit(claim: NewSubmitClaim): Promise<SubmitClaim | null> {
    const valid = this.#check(NewClaimSchema, claim, 'claimSubmit')
    return this.#driver.transaction(() => {
      if (this.#driver.exec(CLAIM, ...claimValues(valid)).length > 0) return null
      const [row] = this.#driver.exec(SELECT_CLAIM, valid.owner, valid.key)
      if (!row) throw this.#corrupt(valid.key, 'it was neither claimed nor found')
      const read = readClaimRow(row)
      if (typeof read === 'string') throw this.#corrupt(valid.key, read)
      return read
    })
  }

  async journalSubmit(owner: string, key: string, jobKey: string): Promise<boolean> {
    const job = this.#check(text, jobKey, 'journalSubmit')
    return this.#changed('journalSubmit', JOURNAL, job, owner, key)
  }

  async markSubmitUnknown(owner: string, key: string): Promise<boolean> {
    return this.#changed('markSubmitUnknown', MARK_UNKNOWN, owner, key)
  }

  async releaseSubmit(owner: string, key: string): Promise<boolean> {
    return this.#changed('releaseSubmit', RELEASE, owner, key)
  }

  async openSubmits(now: number): Promise<SubmitClaim[]> {
    const at = this.#check(epochMs, now, 'openSubmits')
    return this.#driver.exec(OPEN_CLAIMS, at).flatMap((row) => {
      const read = readClaimRow(row)
      if (typeof read !== 'string') return [read]
      throw this.#corrupt(String(row.key), read)
    })
  }

  async sweepSubmits(now: number): Promise<number> {
    return this.#driver.exec(SWEEP, this.#check(epochMs, now, 'sweepSubmits')).length
  }

  #changed(call: string, sql: string, ...bindings: SqlValue[]): boolean {
    for (const value of bindings) this.#check(text, value, call)
    return this.#driver.exec(sql, ...bindings).length > 0
  }

  #check<S extends v.GenericSchema>(schema: S, value: unknown, call: string): v.InferOutput<S> {
    this.#ensureOpen()
    return checkArgument(schema, value, call)
  }

  #corrupt(key: string, problem: string): StoreError {
    return new StoreError(
      `The submit claim of the key ${JSON.stringify(key.slice(0, 40))} in ${this.#location} cannot be read back: ${problem}.`,
      { path: this.#location, reason: 'corrupt' },
    )
  }
}
