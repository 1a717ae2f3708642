// The keyed-submit part of the `GatewayJobs` contract (`describeJobsContract` runs it): a durable
// implementation answers a repeat under a key with the first job, across a restart too; the
// stateless one keeps no keys and submits every time.
import { IdempotencyConflictError } from '@darkroom/core'
import { expect, it } from 'vitest'
import type { JobsSubject } from './jobs-contract.js'

const OWNER = 'contract-key'
const input = { prompt: 'a keyed lighthouse [[duration:600]]' }
const once = (fingerprint = 'f-1') => ({ key: 'contract-idempotency-key', fingerprint })

const submitOnce = (s: JobsSubject, fingerprint?: string) =>
  s.run(s.jobs.submitOnce('speedpix', 'txt2img', input, OWNER, once(fingerprint)))

/** Defines the keyed-submit tests of a contract suite; `subject` makes a fresh one. */
export function describeKeyedContract(subject: () => Promise<JobsSubject>, durable: boolean): void {
  if (!durable) {
    it('keeps no keys: every keyed submit is a new job, never a replay', async () => {
      const s = await subject()
      const first = await submitOnce(s)
      const second = await submitOnce(s)
      expect([first.replayed, second.replayed]).toEqual([false, false])
      expect(second.job.providerJobId).not.toBe(first.job.providerJobId)
    })
    return
  }

  it('answers a repeat under a key with the first job, and refuses another request', async () => {
    const s = await subject()
    const first = await submitOnce(s)
    expect(first.replayed).toBe(false)
    const again = await submitOnce(s)
    expect(again).toMatchObject({ replayed: true, job: { id: first.job.id } })
    const error = await submitOnce(s, 'f-other').catch((e: unknown) => e)
    expect(IdempotencyConflictError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ reason: 'reused' })
  })

  it('keeps its keys across a restart', async () => {
    const s = await subject()
    const first = await submitOnce(s)
    const restarted = await s.restart?.()
    expect(restarted, 'a durable subject can be restarted').toBeDefined()
    const again = await submitOnce(s)
    expect(again).toMatchObject({ replayed: true, job: { id: first.job.id } })
  })
}
