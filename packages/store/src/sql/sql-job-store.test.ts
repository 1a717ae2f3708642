import { InvalidInputError, type StoredJob } from '@darkroom/core'
import { describe, expect, it } from 'vitest'
import { describeJobStoreContract } from '../../../core/src/testing/job-store-contract.js'
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

for (const [name, open] of Object.entries(BACKENDS)) {
  describeJobStoreContract(name, async () => (await open()).store)
}

describe.each(Object.entries(BACKENDS))('the SQL job store on %s', (_name, open) => {
  it('refuses a second job with the same key as a duplicate', async () => {
    const { store } = await open()
    await store.insert(sampleJob(1))
    const error = await rejection(store.insert({ ...sampleJob(1), owner: 'mallory' }))
    expect(StoreError.isInstance(error) && error.reason).toBe('duplicate')
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

  it('names the owners of its jobs, each once, in order', async () => {
    const { store } = await open()
    await store.insert(sampleJob(1))
    await store.insert(sampleJob(2, { owner: 'bob' }))
    await store.insert(sampleJob(3, { owner: 'bob', state: 'failed' }))
    expect(await store.owners()).toEqual(['alice', 'bob'])
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
