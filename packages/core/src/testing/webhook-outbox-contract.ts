import { describe, expect, it } from 'vitest'
import { InvalidInputError } from '../errors/index.js'
import type { JobStore, StoredJob } from '../store/job-store.js'
import type { WebhookAttempt, WebhookDelivery } from '../store/webhook-outbox.js'
import { sampleJob } from './stored-jobs.js'

const HOOK = { url: 'https://hooks.example.com/darkroom', events: ['job.succeeded' as const] }

/** A pending delivery of `job`'s event, due at `at`. */
export function sampleDelivery(
  job: StoredJob,
  n: number,
  at: number,
  type: WebhookDelivery['type'] = 'job.succeeded',
): WebhookDelivery {
  return {
    id: `msg_sample${n}`,
    jobKey: job.key,
    owner: job.owner,
    type,
    occurredAt: at,
    snapshot: { ...job.snapshot, state: 'succeeded', progress: 1 },
    url: HOOK.url,
    state: 'pending',
    attempts: 0,
    nextAttemptAt: at,
    log: [],
  }
}

const attempt = (at: number, status: number | null): WebhookAttempt => ({
  at,
  status,
  error: status === null ? 'network' : status < 300 ? null : 'status',
  durationMs: 12,
  excerpt: status === null ? 'connection refused' : `answered ${status}`,
})

/** What every job store's webhook outbox must do (run by `describeJobStoreContract`). */
export function describeWebhookOutboxContract(open: () => Promise<JobStore>): void {
  describe('its webhook outbox', () => {
    it('keeps a subscription with its job, and none for a job inserted without', async () => {
      const store = await open()
      await store.insert(sampleJob(1), HOOK)
      await store.insert(sampleJob(2))
      expect(await store.webhookOf(sampleJob(1).key)).toEqual(HOOK)
      expect(await store.webhookOf(sampleJob(2).key)).toBeNull()
      expect(await store.webhookOf('drj1.unknown')).toBeNull()
    })

    it('enqueues deliveries with the update, and none for an unknown key', async () => {
      const store = await open()
      const job = sampleJob(1)
      await store.insert(job, HOOK)
      const done = { ...job.snapshot, state: 'succeeded' as const, progress: 1 }
      const delivery = sampleDelivery(job, 1, job.submittedAt + 10)
      expect(await store.update(job.key, { snapshot: done, nextPollAt: null }, [delivery])).toBe(
        true,
      )
      expect(await store.deliveries(job.key)).toEqual([delivery])
      expect((await store.get(job.key))?.snapshot.state).toBe('succeeded')
      const stray = sampleDelivery(sampleJob(9), 9, 1)
      expect(await store.update(sampleJob(9).key, { polls: 1 }, [stray])).toBe(false)
      expect(await store.deliveries(sampleJob(9).key)).toEqual([])
      const twice = await store.update(job.key, { polls: 2 }, [delivery]).catch((e: unknown) => e)
      expect(InvalidInputError.isInstance(twice) || String(twice).includes(delivery.id)).toBe(true)
      expect((await store.get(job.key))?.polls).toBe(0)
    })

    it('gives the due deliveries soonest first, bounded, and the next one’s time', async () => {
      const store = await open()
      const job = sampleJob(1)
      await store.insert(job, HOOK)
      const at = job.submittedAt
      const queued = [sampleDelivery(job, 1, at + 300), sampleDelivery(job, 2, at + 100)]
      await store.update(job.key, { polls: 1 }, queued)
      await store.update(job.key, { polls: 2 }, [sampleDelivery(job, 3, at + 200)])
      expect(await store.nextDeliveryAt()).toBe(at + 100)
      const due = await store.dueDeliveries(at + 250, 10)
      expect(due.map((d) => d.id)).toEqual(['msg_sample2', 'msg_sample3'])
      expect((await store.dueDeliveries(at + 1000, 1)).map((d) => d.id)).toEqual(['msg_sample2'])
      expect(await store.dueDeliveries(at, 10)).toEqual([])
      expect((await store.deliveries(job.key)).map((d) => d.id)).toEqual([
        'msg_sample1',
        'msg_sample2',
        'msg_sample3',
      ])
    })

    it('records attempts in the log and the outcome, and redelivers the last delivery', async () => {
      const store = await open()
      const job = sampleJob(1)
      await store.insert(job, HOOK)
      const at = job.submittedAt
      await store.update(job.key, { polls: 1 }, [sampleDelivery(job, 1, at)])
      await store.update(job.key, { polls: 2 }, [sampleDelivery(job, 2, at)])
      const failed = { state: 'pending' as const, nextAttemptAt: at + 5000 }
      expect(await store.recordAttempt('msg_sample2', attempt(at, 503), failed)).toBe(true)
      const ok = { state: 'delivered' as const, nextAttemptAt: 99 }
      expect(await store.recordAttempt('msg_sample2', attempt(at + 5000, 204), ok)).toBe(true)
      expect(await store.recordAttempt('msg_unknown', attempt(at, 204), ok)).toBe(false)
      const [, second] = await store.deliveries(job.key)
      expect(second).toMatchObject({ state: 'delivered', attempts: 2, nextAttemptAt: null })
      expect(second?.log).toEqual([attempt(at, 503), attempt(at + 5000, 204)])
      expect(await store.nextDeliveryAt()).toBe(at)
      const again = await store.redeliver(job.key, at + 9000)
      expect(again).toMatchObject({ id: 'msg_sample2', state: 'pending', attempts: 0 })
      expect(again?.nextAttemptAt).toBe(at + 9000)
      expect(again?.log.length).toBe(2)
      expect(await store.redeliver(sampleJob(2).key, at)).toBeNull()
    })

    it('keeps the newest 40 attempts of a delivery', async () => {
      const store = await open()
      const job = sampleJob(1)
      await store.insert(job, HOOK)
      await store.update(job.key, { polls: 1 }, [sampleDelivery(job, 1, 0)])
      for (let i = 0; i < 45; i++) {
        await store.recordAttempt('msg_sample1', attempt(i, 500), {
          state: 'pending',
          nextAttemptAt: i,
        })
      }
      const [delivery] = await store.deliveries(job.key)
      expect(delivery?.log.length).toBe(40)
      expect(delivery?.log[0]?.at).toBe(5)
      expect(delivery?.attempts).toBe(45)
    })

    it('removes a pruned job’s subscription and deliveries with it', async () => {
      const store = await open()
      const job = sampleJob(1, { state: 'succeeded' })
      await store.insert(job, HOOK)
      await store.update(job.key, { polls: 1 }, [sampleDelivery(job, 1, 0)])
      expect(await store.prune({ keep: 0 })).toBe(1)
      expect(await store.webhookOf(job.key)).toBeNull()
      expect(await store.deliveries(job.key)).toEqual([])
      expect(await store.nextDeliveryAt()).toBeNull()
    })
  })
}
