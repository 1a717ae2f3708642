import { InvalidInputError, type StoredJob } from '@darkroom/core'
import { describe, expect, it } from 'vitest'
import { BACKENDS } from '../testing/backends.js'
import { sampleJob } from '../testing/jobs.js'
import { StoreError } from './store-error.js'

async function rejection(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => {
      throw new Error('expected a rejection')
    },
    (error: unknown) => error,
  )
}

describe.each(Object.entries(BACKENDS))('the job store on %s', (_name, open) => {
  it('gives back exactly the job it was given, and null for an unknown key', async () => {
    const { store } = await open()
    const job: StoredJob = {
      ...sampleJob(1),
      snapshot: { ...sampleJob(1).snapshot, raw: { status: 'running', nested: [1, 'two'] } },
      handle: { ...sampleJob(1).handle, meta: { modelId: 'm-1' } },
      polls: 3,
      errorsInARow: 1,
    }
    await store.insert(job)
    expect(await store.get(job.key)).toEqual(job)
    expect(await store.get('drj1.unknown')).toBeNull()
  })

  it('refuses a second job with the same key and keeps the first', async () => {
    const { store } = await open()
    const job = sampleJob(1)
    await store.insert(job)
    const error = await rejection(store.insert({ ...job, owner: 'mallory' }))
    expect(StoreError.isInstance(error) && error.reason).toBe('duplicate')
    expect(String(error)).toContain(job.key.slice(0, 20))
    expect((await store.get(job.key))?.owner).toBe('alice')
  })

  it.each([
    ['a fractional time', { submittedAt: 1.5 }, 'submittedAt'],
    ['an empty owner', { owner: '' }, 'owner'],
    ['an unknown field', { secret: 'x' }, 'secret'],
    ['a snapshot of another job', { snapshot: sampleJob(2).snapshot }, 'snapshot'],
    ['a bad state', { snapshot: { ...sampleJob(1).snapshot, state: 'done' } }, 'snapshot.state'],
  ])('refuses %s on insert, naming the field', async (_what, change, field) => {
    const { store } = await open()
    const error = await rejection(store.insert({ ...sampleJob(1), ...change } as StoredJob))
    expect(InvalidInputError.isInstance(error)).toBe(true)
    expect((error as InvalidInputError).issues.map((i) => i.path)).toContain(field)
    expect(await store.get(sampleJob(1).key)).toBeNull()
  })

  it('refuses a snapshot that is not plain JSON (a BigInt in raw)', async () => {
    const { store } = await open()
    const job = sampleJob(1)
    const error = await rejection(
      store.insert({ ...job, snapshot: { ...job.snapshot, raw: { n: BigInt(1) } } }),
    )
    expect(InvalidInputError.isInstance(error)).toBe(true)
    expect(String(error)).toMatch(/snapshot cannot be stored as JSON .*keep it plain JSON data/)
    expect(await store.get(job.key)).toBeNull()
  })

  it('applies an update in place and says whether the key was known', async () => {
    const { store } = await open()
    const job = sampleJob(1)
    await store.insert(job)
    const snapshot = { ...job.snapshot, state: 'succeeded' as const, progress: 1 }
    expect(
      await store.update(job.key, { snapshot, observedAt: job.observedAt + 5, nextPollAt: null }),
    ).toBe(true)
    expect(await store.update(job.key, { polls: 4, errorsInARow: 2 })).toBe(true)
    expect(await store.get(job.key)).toEqual({
      ...job,
      snapshot,
      observedAt: job.observedAt + 5,
      nextPollAt: null,
      polls: 4,
      errorsInARow: 2,
    })
    expect(await store.unfinished()).toEqual([])
    expect(await store.update('drj1.unknown', { polls: 1 })).toBe(false)
    expect(await store.update(job.key, {})).toBe(true)
    expect(await store.update('drj1.unknown', {})).toBe(false)
  })

  it("refuses an update whose snapshot is another job's, and leaves the row alone", async () => {
    const { store } = await open()
    const job = sampleJob(1)
    await store.insert(job)
    const error = await rejection(
      store.update(job.key, { snapshot: sampleJob(2).snapshot, polls: 9 }),
    )
    expect(InvalidInputError.isInstance(error)).toBe(true)
    expect(String(error)).toMatch(/snapshot must be the stored job's/)
    expect(await store.get(job.key)).toEqual(job)
    const typo = await rejection(store.update(job.key, { nextPoll: 5 } as never))
    expect((typo as InvalidInputError).issues[0]?.path).toBe('nextPoll')
  })

  it('returns the unfinished jobs soonest poll first, unplanned ones first of all', async () => {
    const { store } = await open()
    await store.insert(sampleJob(1, { nextPollAt: 5_000 }))
    await store.insert(sampleJob(2, { nextPollAt: 1_000 }))
    await store.insert(sampleJob(3, { state: 'succeeded' }))
    await store.insert(sampleJob(4, { nextPollAt: null, state: 'queued' }))
    await store.insert(sampleJob(5, { nextPollAt: 2_000, owner: 'bob', provider: 'aidge' }))
    await store.insert(sampleJob(6, { state: 'failed', owner: 'bob' }))
    const ids = (jobs: StoredJob[]) => jobs.map((j) => j.handle.providerJobId)
    expect(ids(await store.unfinished())).toEqual(['task-4', 'task-2', 'task-5', 'task-1'])
    expect(ids(await store.unfinished({ owner: 'bob' }))).toEqual(['task-5'])
    expect(ids(await store.unfinished({ provider: 'speedpix' }))).toEqual([
      'task-4',
      'task-2',
      'task-1',
    ])
  })

  it('lists an owner’s jobs newest first, page by page, with filters, never another’s', async () => {
    const { store } = await open()
    for (let n = 1; n <= 7; n++) await store.insert(sampleJob(n))
    // Two jobs submitted in the same millisecond are ordered by key, both on some page.
    await store.insert(sampleJob(8, { submittedAt: sampleJob(7).submittedAt }))
    await store.insert(sampleJob(9, { state: 'succeeded', provider: 'aidge' }))
    await store.insert(sampleJob(10, { owner: 'bob' }))
    const seen: string[] = []
    let cursor: string | undefined
    let pages = 0
    do {
      const page = await store.list({ owner: 'alice', limit: 3, cursor })
      expect(page.jobs.length).toBeLessThanOrEqual(3)
      seen.push(...page.jobs.map((j) => j.handle.providerJobId))
      cursor = page.nextCursor ?? undefined
      pages++
    } while (cursor)
    const sevenAndEight = [sampleJob(7).key, sampleJob(8).key].sort().reverse()
    const byKey = { [sampleJob(7).key]: 'task-7', [sampleJob(8).key]: 'task-8' }
    expect(seen).toEqual([
      'task-9',
      ...sevenAndEight.map((k) => byKey[k]),
      'task-6',
      'task-5',
      'task-4',
      'task-3',
      'task-2',
      'task-1',
    ])
    expect(pages).toBe(3)
    const succeeded = await store.list({ owner: 'alice', state: 'succeeded', limit: 10 })
    expect(succeeded.jobs.map((j) => j.handle.providerJobId)).toEqual(['task-9'])
    expect(succeeded.nextCursor).toBeNull()
    const aidge = await store.list({ owner: 'alice', provider: 'aidge', limit: 10 })
    expect(aidge.jobs.map((j) => j.handle.providerJobId)).toEqual(['task-9'])
    const bob = await store.list({ owner: 'bob', limit: 10 })
    expect(bob.jobs.map((j) => j.owner)).toEqual(['bob'])
    expect((await store.list({ owner: 'carol', limit: 10 })).jobs).toEqual([])
  })

  it('refuses a cursor it did not hand out, and a limit below one', async () => {
    const { store } = await open()
    for (const cursor of ['not a cursor', 'WzEsMl0', btoa('{"a":1}')]) {
      const error = await rejection(store.list({ owner: 'alice', limit: 2, cursor }))
      expect(String(error)).toMatch(/cursor is not a cursor this store handed out/)
    }
    const error = await rejection(store.list({ owner: 'alice', limit: 0 }))
    expect((error as InvalidInputError).issues[0]?.path).toBe('limit')
  })

  it('prunes the oldest finished jobs beyond the cap, never an unfinished one', async () => {
    const { store } = await open()
    // Oldest first: finished, unfinished, finished, finished, unfinished, finished.
    const states = ['succeeded', 'running', 'failed', 'canceled', 'queued', 'succeeded'] as const
    for (const [i, state] of states.entries()) await store.insert(sampleJob(i + 1, { state }))
    await store.insert(sampleJob(20, { owner: 'bob', state: 'succeeded' }))
    expect(await store.prune({ owner: 'alice', keep: 4 })).toBe(2)
    const left = await store.list({ owner: 'alice', limit: 10 })
    expect(left.jobs.map((j) => j.handle.providerJobId)).toEqual([
      'task-6',
      'task-5',
      'task-4',
      'task-2',
    ])
    // A cap below the unfinished count keeps every unfinished job and nothing else.
    expect(await store.prune({ owner: 'alice', keep: 1 })).toBe(2)
    expect((await store.unfinished({ owner: 'alice' })).length).toBe(2)
    expect(await store.get(sampleJob(20, { owner: 'bob' }).key)).not.toBeNull()
    expect(await store.prune({ keep: 0 })).toBe(1)
    expect((await store.unfinished()).length).toBe(2)
  })

  it('throws for an unreadable row on get, and skips it with a warning in lists', async () => {
    const { store, raw, warnings } = await open()
    for (let n = 1; n <= 4; n++) await store.insert(sampleJob(n))
    const bad = sampleJob(2).key
    raw("UPDATE jobs SET snapshot = json_set(snapshot, '$.state', 'exploded') WHERE key = ?", bad)
    raw('UPDATE jobs SET handle = ? WHERE key = ?', '{not json', sampleJob(3).key)
    const error = await rejection(store.get(bad))
    expect(StoreError.isInstance(error) && error.reason).toBe('corrupt')
    expect(String(error)).toMatch(/cannot be read back: snapshot\.state/)
    expect((error as StoreError).key).toBe(bad)
    const first = await store.list({ owner: 'alice', limit: 2 })
    expect(first.jobs.map((j) => j.handle.providerJobId)).toEqual(['task-4'])
    const second = await store.list({ owner: 'alice', limit: 2, cursor: first.nextCursor ?? '' })
    expect(second.jobs.map((j) => j.handle.providerJobId)).toEqual(['task-1'])
    expect((await store.unfinished()).map((j) => j.handle.providerJobId)).toEqual([
      'task-1',
      'task-4',
    ])
    expect(warnings.length).toBe(4)
    expect(warnings[0]).toMatch(/^Skipped the job ".+" in .+: its row cannot be read back/)
    expect(warnings.some((w) => w.includes('its handle is not JSON'))).toBe(true)
  })

  it('refuses to work once closed, and closes once', async () => {
    const { store } = await open()
    await store.close()
    await store.close()
    const error = await rejection(store.get('drj1.x'))
    expect(StoreError.isInstance(error) && error.reason).toBe('closed')
  })
})
