import { describe, expect, it } from 'vitest'
import { InvalidInputError } from '../errors/index.js'
import type { JobStore, StoredJob } from '../store/job-store.js'
import { sampleJob } from './stored-jobs.js'
import { describeSubmitClaimsContract } from './submit-claims-contract.js'
import { describeWebhookOutboxContract } from './webhook-outbox-contract.js'

async function rejection(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => {
      throw new Error('expected a rejection')
    },
    (error: unknown) => error,
  )
}

const ids = (jobs: StoredJob[]) => jobs.map((j) => j.handle.providerJobId)

/**
 * What every {@link JobStore} must do, whatever it keeps jobs in: run by core's `MemoryJobStore`
 * and by each SQL backend of `@darkroom/store`. `open` gives a fresh, empty store.
 */
export function describeJobStoreContract(name: string, open: () => Promise<JobStore>): void {
  describe(`the JobStore contract on ${name}`, () => {
    it('gives back exactly the job it was given (a copy), and null for an unknown key', async () => {
      const store = await open()
      const job: StoredJob = {
        ...sampleJob(1),
        snapshot: { ...sampleJob(1).snapshot, raw: { status: 'running', nested: [1, 'two'] } },
        handle: { ...sampleJob(1).handle, meta: { modelId: 'm-1' } },
        polls: 3,
        errorsInARow: 1,
      }
      await store.insert(job)
      const back = await store.get(job.key)
      expect(back).toEqual(job)
      expect(back).not.toBe(job)
      expect(await store.get('drj1.unknown')).toBeNull()
    })

    it('refuses a second job with the same key, naming it, and keeps the first', async () => {
      const store = await open()
      const job = sampleJob(1)
      await store.insert(job)
      const error = await rejection(store.insert({ ...job, owner: 'mallory' }))
      expect(String(error)).toContain(job.key.slice(0, 20))
      expect((await store.get(job.key))?.owner).toBe('alice')
    })

    it('applies an update in place, says whether the key was known, and refuses another job’s snapshot', async () => {
      const store = await open()
      const job = sampleJob(1)
      await store.insert(job)
      const snapshot = { ...job.snapshot, state: 'succeeded' as const, progress: 1 }
      const at = job.observedAt + 5
      expect(await store.update(job.key, { snapshot, observedAt: at, nextPollAt: null })).toBe(true)
      expect(await store.update(job.key, { polls: 4, errorsInARow: 2 })).toBe(true)
      const updated = {
        ...job,
        snapshot,
        observedAt: at,
        nextPollAt: null,
        polls: 4,
        errorsInARow: 2,
      }
      expect(await store.get(job.key)).toEqual(updated)
      expect(await store.unfinished()).toEqual([])
      expect(await store.update('drj1.unknown', { polls: 1 })).toBe(false)
      const error = await rejection(store.update(job.key, { snapshot: sampleJob(2).snapshot }))
      expect(InvalidInputError.isInstance(error)).toBe(true)
      expect((error as InvalidInputError).issues[0]?.path).toBe('snapshot')
      expect(await store.get(job.key)).toEqual(updated)
    })

    it('returns the unfinished jobs soonest poll first, unplanned ones first of all', async () => {
      const store = await open()
      await store.insert(sampleJob(1, { nextPollAt: 5_000 }))
      await store.insert(sampleJob(2, { nextPollAt: 1_000 }))
      await store.insert(sampleJob(3, { state: 'succeeded' }))
      await store.insert(sampleJob(4, { nextPollAt: null, state: 'queued' }))
      await store.insert(sampleJob(5, { nextPollAt: 2_000, owner: 'bob', provider: 'aidge' }))
      await store.insert(sampleJob(6, { state: 'failed', owner: 'bob' }))
      expect(ids(await store.unfinished())).toEqual(['task-4', 'task-2', 'task-5', 'task-1'])
      expect(ids(await store.unfinished({ owner: 'bob' }))).toEqual(['task-5'])
      expect(ids(await store.unfinished({ provider: 'speedpix' }))).toEqual([
        'task-4',
        'task-2',
        'task-1',
      ])
    })

    it('lists an owner’s jobs newest first, page by page, with filters, never another’s', async () => {
      const store = await open()
      for (let n = 1; n <= 5; n++) await store.insert(sampleJob(n))
      await store.insert(sampleJob(6, { submittedAt: sampleJob(5).submittedAt }))
      await store.insert(sampleJob(7, { state: 'succeeded', provider: 'aidge' }))
      await store.insert(sampleJob(8, { owner: 'bob' }))
      const seen: string[] = []
      let cursor: string | undefined
      do {
        const page = await store.list({ owner: 'alice', limit: 3, cursor })
        expect(page.jobs.length).toBeLessThanOrEqual(3)
        seen.push(...ids(page.jobs))
        cursor = page.nextCursor ?? undefined
      } while (cursor)
      // Two jobs of one millisecond: the greater key first.
      const tied = sampleJob(5).key > sampleJob(6).key ? ['task-5', 'task-6'] : ['task-6', 'task-5']
      expect(seen).toEqual(['task-7', ...tied, 'task-4', 'task-3', 'task-2', 'task-1'])
      const aidge = await store.list({ owner: 'alice', provider: 'aidge', limit: 10 })
      expect(ids(aidge.jobs)).toEqual(['task-7'])
      expect(aidge.nextCursor).toBeNull()
      const succeeded = await store.list({ owner: 'alice', state: 'succeeded', limit: 10 })
      expect(ids(succeeded.jobs)).toEqual(['task-7'])
      expect(ids((await store.list({ owner: 'bob', limit: 10 })).jobs)).toEqual(['task-8'])
      expect((await store.list({ owner: 'carol', limit: 10 })).jobs).toEqual([])
    })

    it('refuses a cursor it did not hand out, and a limit below one', async () => {
      const store = await open()
      const error = await rejection(store.list({ owner: 'alice', limit: 2, cursor: 'nope' }))
      expect(String(error)).toMatch(/cursor is not a cursor this store handed out/)
      const limit = await rejection(store.list({ owner: 'alice', limit: 0 }))
      expect((limit as InvalidInputError).issues[0]?.path).toBe('limit')
    })

    it('prunes the oldest finished jobs beyond the cap, never an unfinished one', async () => {
      const store = await open()
      const states = ['succeeded', 'running', 'failed', 'canceled', 'queued', 'succeeded'] as const
      for (const [i, state] of states.entries()) await store.insert(sampleJob(i + 1, { state }))
      await store.insert(sampleJob(20, { owner: 'bob', state: 'succeeded' }))
      expect(await store.prune({ owner: 'alice', keep: 4 })).toBe(2)
      const left = await store.list({ owner: 'alice', limit: 10 })
      expect(ids(left.jobs)).toEqual(['task-6', 'task-5', 'task-4', 'task-2'])
      expect(await store.prune({ owner: 'alice', keep: 1 })).toBe(2)
      expect((await store.unfinished({ owner: 'alice' })).length).toBe(2)
      expect(await store.prune({ keep: 0 })).toBe(1)
    })

    describeSubmitClaimsContract(open)

    it('refuses to work once closed, and closes once', async () => {
      const store = await open()
      await store.close()
      await store.close()
      await expect(store.get('drj1.x')).rejects.toThrow(/closed/)
    })

    describeWebhookOutboxContract(open)
  })
}
