import { describe, expect, it } from 'vitest'
import type { JobStore } from '../store/job-store.js'
import type { NewSubmitClaim } from '../store/submit-claims.js'

const T0 = Date.UTC(2024, 5, 11, 8, 0, 0)
const DAY = 24 * 60 * 60 * 1000

/** A new claim of alice's key `k-1`, claimed at `T0` for a day. */
function claimOf(change: Partial<NewSubmitClaim> = {}): NewSubmitClaim {
  return {
    owner: 'alice',
    key: 'k-1',
    fingerprint: 'f-1',
    claimedAt: T0,
    expiresAt: T0 + DAY,
    ...change,
  }
}

/**
 * What every store's `SubmitClaimStore` section must do (run inside the `JobStore` contract):
 * claims per owner and key, one winner, the journal's states, release, lapse and sweep.
 */
export function describeSubmitClaimsContract(open: () => Promise<JobStore>): void {
  describe('its submit claims', () => {
    it('claims a key once: the second claim gets the first one back, per owner', async () => {
      const store = await open()
      expect(await store.claimSubmit(claimOf())).toBeNull()
      const held = await store.claimSubmit(claimOf({ fingerprint: 'f-2', claimedAt: T0 + 5 }))
      expect(held).toEqual({ ...claimOf(), state: 'pending', jobKey: null })
      // Another owner's key of the same text is another key.
      expect(await store.claimSubmit(claimOf({ owner: 'bob' }))).toBeNull()
    })

    it('journals the job id, marks unknown, releases, and says when the claim is gone', async () => {
      const store = await open()
      await store.claimSubmit(claimOf())
      expect(await store.journalSubmit('alice', 'k-1', 'drj1.job')).toBe(true)
      expect(await store.claimSubmit(claimOf())).toMatchObject({
        state: 'journaled',
        jobKey: 'drj1.job',
      })
      expect(await store.markSubmitUnknown('alice', 'k-1')).toBe(true)
      expect((await store.claimSubmit(claimOf()))?.state).toBe('unknown')
      expect(await store.releaseSubmit('alice', 'k-1')).toBe(true)
      expect(await store.releaseSubmit('alice', 'k-1')).toBe(false)
      expect(await store.journalSubmit('alice', 'k-1', 'drj1.job')).toBe(false)
      expect(await store.markSubmitUnknown('alice', 'k-1')).toBe(false)
      // Released: the key is free for a corrected request.
      expect(await store.claimSubmit(claimOf({ fingerprint: 'f-2' }))).toBeNull()
    })

    it('lists the open claims oldest first, without unknown or lapsed ones', async () => {
      const store = await open()
      await store.claimSubmit(claimOf({ key: 'b', claimedAt: T0 + 2 }))
      await store.claimSubmit(claimOf({ key: 'a', claimedAt: T0 + 1 }))
      await store.claimSubmit(claimOf({ key: 'u' }))
      await store.claimSubmit(claimOf({ key: 'old', expiresAt: T0 + 10 }))
      await store.journalSubmit('alice', 'b', 'drj1.b')
      await store.markSubmitUnknown('alice', 'u')
      const open1 = await store.openSubmits(T0 + 10)
      expect(open1.map((c) => [c.key, c.state, c.jobKey])).toEqual([
        ['a', 'pending', null],
        ['b', 'journaled', 'drj1.b'],
      ])
    })

    it('frees a lapsed key for a new claim, and sweeps lapsed claims', async () => {
      const store = await open()
      await store.claimSubmit(claimOf({ expiresAt: T0 + 100 }))
      await store.claimSubmit(claimOf({ key: 'k-2', expiresAt: T0 + 100 }))
      await store.claimSubmit(claimOf({ key: 'k-3' }))
      // At its expiry a claim has lapsed: a new one replaces it.
      const renewed = claimOf({ fingerprint: 'f-9', claimedAt: T0 + 100, expiresAt: T0 + 200 })
      expect(await store.claimSubmit(renewed)).toBeNull()
      expect(await store.claimSubmit(claimOf({ claimedAt: T0 + 150 }))).toMatchObject({
        fingerprint: 'f-9',
      })
      expect(await store.sweepSubmits(T0 + 100)).toBe(1)
      expect(await store.sweepSubmits(T0 + 100)).toBe(0)
      expect((await store.openSubmits(T0 + 100)).map((c) => c.key)).toEqual(['k-3', 'k-1'])
    })
  })
}
