// The webhook part of the `GatewayJobs` contract (`describeJobsContract` runs it): a durable
// implementation keeps a job's webhook and enqueues its terminal event, owner-checked; the
// stateless one says it keeps nothing (501 store_required).
import { decodeHandle, type Job } from '@darkroom/core'
import { expect, it } from 'vitest'
import type { JobsSubject } from './jobs-contract.js'

const OWNER = 'contract-key'
const OTHER_OWNER = 'another-key'
const webhook = { url: 'https://hooks.example.com/in', events: ['job.succeeded' as const] }

const submit = (s: JobsSubject, seconds: number): Promise<Job> =>
  s.run(
    s.jobs.submit('speedpix', 'txt2img', { prompt: `a wren [[duration:${seconds}]]` }, OWNER, {
      webhook,
    }),
  )

/** Defines the webhook tests of a contract suite; `subject` makes a fresh one. */
export function describeWebhookContract(
  subject: () => Promise<JobsSubject>,
  durable: boolean,
): void {
  if (!durable) {
    it('refuses a webhook and its deliveries: nothing is kept (501 store_required)', async () => {
      const s = await subject()
      const refused = await submit(s, 5).catch((e: unknown) => e)
      expect(refused).toMatchObject({ problem: { status: 501, code: 'store_required' } })
      const handle = { provider: 'speedpix' as const, operation: 'txt2img', providerJobId: 'x' }
      const read = await s.jobs.deliveries(handle, OWNER).catch((e: unknown) => e)
      expect(read).toMatchObject({ problem: { status: 501, code: 'store_required' } })
    })
    return
  }

  it('enqueues the terminal event of a job with a webhook, shown to its owner only', async () => {
    const s = await subject()
    const job = await submit(s, 5)
    const handle = decodeHandle(job.id)
    await s.run(
      (async () => {
        for await (const _ of s.jobs.watch(handle, OWNER)) {
          // to the end
        }
      })(),
    )
    const deliveries = await s.run(s.jobs.deliveries(handle, OWNER))
    expect(deliveries.map((d) => [d.type, d.url, d.owner])).toEqual([
      ['job.succeeded', webhook.url, OWNER],
    ])
    const foreign = await s.jobs.deliveries(handle, OTHER_OWNER).catch((e: unknown) => e)
    expect(foreign).toMatchObject({ problem: { status: 404 } })
    const again = await s.run(s.jobs.redeliver(handle, OWNER))
    expect(again).toMatchObject({ id: deliveries[0]?.id, state: 'pending', attempts: 0 })
  })
}
