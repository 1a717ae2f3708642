// The listing part of the `GatewayJobs` contract (`describeJobsContract` runs it): a durable
// implementation pages an owner's jobs newest first; the stateless one says it cannot list.
import { InvalidInputError, type Job } from '@darkroom/core'
import { expect, it } from 'vitest'
import type { JobsSubject } from './jobs-contract.js'

const OWNER = 'contract-key'
const OTHER_OWNER = 'another-key'

const submit = (s: JobsSubject, prompt: string, owner = OWNER): Promise<Job> =>
  s.run(s.jobs.submit('speedpix', 'txt2img', { prompt: `${prompt} [[duration:600]]` }, owner))

/** Defines the list tests of a contract suite; `subject` makes a fresh one. */
export function describeListContract(subject: () => Promise<JobsSubject>, durable: boolean): void {
  if (!durable) {
    it('refuses to list: there is no store (501 store_required), never an empty page', async () => {
      const s = await subject()
      const refused = await s.jobs.list({ owner: OWNER, limit: 10 }).catch((e: unknown) => e)
      expect(refused).toMatchObject({ problem: { status: 501, code: 'store_required' } })
    })
    return
  }

  it("lists an owner's jobs newest first, page by page, filtered, never another owner's", async () => {
    const s = await subject()
    const ids: string[] = []
    for (const prompt of ['first', 'second', 'third']) {
      ids.push((await submit(s, prompt)).id)
      await s.advance(1_000)
    }
    const foreign = await submit(s, 'foreign', OTHER_OWNER)
    const first = await s.run(s.jobs.list({ owner: OWNER, limit: 2 }))
    expect(first.jobs.map((row) => row.job.id)).toEqual([ids[2], ids[1]])
    expect(first.nextCursor).toEqual(expect.any(String))
    const second = await s.run(
      s.jobs.list({ owner: OWNER, limit: 2, cursor: first.nextCursor ?? '' }),
    )
    expect(second.jobs.map((row) => row.job.id)).toEqual([ids[0]])
    expect(second.nextCursor).toBeNull()
    const others = await s.run(s.jobs.list({ owner: OTHER_OWNER, limit: 10 }))
    expect(others.jobs.map((row) => row.job.id)).toEqual([foreign.id])
    const running = await s.run(s.jobs.list({ owner: OWNER, state: 'succeeded', limit: 10 }))
    expect(running.jobs).toEqual([])
    const byProvider = await s.run(s.jobs.list({ owner: OWNER, provider: 'speedpix', limit: 10 }))
    expect(byProvider.jobs).toHaveLength(3)
  })

  it('refuses a cursor it did not hand out, naming the cursor', async () => {
    const s = await subject()
    const refused = await s
      .run(s.jobs.list({ owner: OWNER, limit: 2, cursor: 'not-a-cursor' }))
      .catch((e: unknown) => e)
    expect(InvalidInputError.isInstance(refused)).toBe(true)
    expect((refused as InvalidInputError).issues.map((i) => i.path)).toEqual(['cursor'])
  })
}
