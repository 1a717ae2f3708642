import { describe, expect, it } from 'vitest'
import { InvalidInputError } from '../errors/index.js'
import { describeJobStoreContract } from '../testing/job-store-contract.js'
import { sampleJob } from '../testing/stored-jobs.js'
import { MemoryJobStore } from './memory-job-store.js'

describeJobStoreContract('MemoryJobStore', async () => new MemoryJobStore())

describe('MemoryJobStore', () => {
  it('keeps copies: changing what it was given or gave back changes nothing stored', async () => {
    const store = new MemoryJobStore()
    const job = sampleJob(1)
    await store.insert(job)
    job.snapshot.progress = 0.9
    const back = await store.get(job.key)
    if (back) back.polls = 99
    expect(await store.get(job.key)).toEqual({ ...sampleJob(1) })
  })

  it('refuses what is not plain JSON, and a field update() does not change', async () => {
    const store = new MemoryJobStore()
    const job = sampleJob(1)
    const error = await store
      .insert({ ...job, snapshot: { ...job.snapshot, raw: { n: BigInt(1) } } })
      .catch((e) => e)
    expect(String(error)).toMatch(/cannot be stored as JSON/)
    expect(store.size).toBe(0)
    await store.insert(job)
    const typo = await store.update(job.key, { nextPoll: 5 } as never).catch((e) => e)
    expect(InvalidInputError.isInstance(typo) && typo.issues[0]?.path).toBe('nextPoll')
  })
})
