import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../clock/virtual-clock.js'
import { DurationLearner } from '../polling/duration-learner.js'
import { JobTracker } from '../polling/job-tracker.js'
import type { StoredJobUpdate } from '../store/job-store.js'
import { MemoryJobStore } from '../store/memory-job-store.js'
import type { WebhookDelivery } from '../store/webhook-outbox.js'
import { createScriptedAdapter } from '../testing/index.js'
import { sampleJob } from '../testing/stored-jobs.js'
import { HubWebhooks } from './hub-webhooks.js'
import { JobHub } from './job-hub.js'

/** A store that logs which update carried which deliveries. */
class LoggingStore extends MemoryJobStore {
  readonly writes: { update: StoredJobUpdate; deliveries: readonly WebhookDelivery[] }[] = []
  override async update(
    key: string,
    update: StoredJobUpdate,
    deliveries: readonly WebhookDelivery[] = [],
  ) {
    this.writes.push({ update, deliveries })
    return super.update(key, update, deliveries)
  }
}

function setup(progressIntervalMs?: number) {
  const clock = new VirtualClock()
  const store = new LoggingStore()
  const adapter = createScriptedAdapter(clock)
  const tracker = new JobTracker({
    adapters: [adapter],
    clock,
    learner: new DurationLearner(),
    maxIntervalMs: 1000,
    timeoutMs: 86_400_000,
  })
  let woken = 0
  const webhooks = { progressIntervalMs, onEnqueued: () => void woken++ }
  const hub = new JobHub({ tracker, store, clock, webhooks })
  return { clock, store, adapter, tracker, hub, woken: () => woken }
}

const url = 'https://hooks.example.com/in'

describe('JobHub webhooks', () => {
  it('keeps the subscription and enqueues the terminal event in the terminal snapshot’s write', async () => {
    const { clock, store, adapter, hub, woken } = setup()
    const webhook = { url, events: ['job.succeeded' as const, 'job.failed' as const] }
    const stored = await hub.submit(
      adapter,
      'render',
      { queueMs: 0, runMs: 5000 },
      { owner: 'alice', webhook },
    )
    expect(await store.webhookOf(stored.key)).toEqual(webhook)
    await clock.advance(20_000)
    const carrying = store.writes.filter((w) => w.deliveries.length > 0)
    expect(carrying.length).toBe(1)
    expect(carrying[0]?.update.snapshot?.state).toBe('succeeded')
    const [delivery] = await store.deliveries(stored.key)
    expect(delivery).toMatchObject({ type: 'job.succeeded', owner: 'alice', url, state: 'pending' })
    expect(delivery?.id).toMatch(/^msg_[A-Za-z0-9_-]{22}$/)
    expect(delivery?.snapshot.state).toBe('succeeded')
    expect(woken()).toBe(1)
    await hub.close()
  })

  it('enqueues only the events subscribed to, and nothing for a job without a webhook', async () => {
    const { clock, store, adapter, hub } = setup()
    const only = { url, events: ['job.failed' as const] }
    const a = await hub.submit(
      adapter,
      'render',
      { queueMs: 0, runMs: 3000 },
      { owner: 'a', webhook: only },
    )
    const b = await hub.submit(
      adapter,
      'render',
      { queueMs: 0, runMs: 3000, fail: true },
      { owner: 'a', webhook: only },
    )
    const c = await hub.submit(adapter, 'render', { queueMs: 0, runMs: 3000 }, { owner: 'a' })
    await clock.advance(20_000)
    expect(await store.deliveries(a.key)).toEqual([])
    expect((await store.deliveries(b.key)).map((d) => d.type)).toEqual(['job.failed'])
    expect(await store.deliveries(c.key)).toEqual([])
    await hub.close()
  })

  it('throttles job.progress to one per interval, on a changed progress only', async () => {
    const { clock, store, adapter, hub } = setup(3000)
    const webhook = { url, events: ['job.progress' as const, 'job.succeeded' as const] }
    const script = [0.1, 0.1, 0.2, 0.3, 0.4, 0.5, 0.5, 0.5, 0.6, 0.7, 0.8, 0.9]
    const stored = await hub.submit(
      adapter,
      'render',
      { queueMs: 0, runMs: 14_000, progressScript: script },
      { owner: 'a', webhook },
    )
    await clock.advance(30_000)
    const deliveries = await store.deliveries(stored.key)
    const progress = deliveries.filter((d) => d.type === 'job.progress')
    expect(progress.length).toBeGreaterThan(1)
    const times = progress.map((d) => d.occurredAt)
    for (let i = 1; i < times.length; i++) {
      expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(3000)
      expect(progress[i]?.snapshot.progress).not.toBe(progress[i - 1]?.snapshot.progress)
    }
    expect(deliveries.at(-1)?.type).toBe('job.succeeded')
    expect(deliveries.filter((d) => d.type === 'job.succeeded').length).toBe(1)
    await hub.close()
  })

  it('forgets a job once its terminal event is out, and never sends a second one', () => {
    const webhooks = new HubWebhooks()
    const job = { ...sampleJob(1).snapshot, state: 'running' as const }
    webhooks.watch('k', 'a', { url, events: ['job.succeeded'] }, job)
    expect(webhooks.size).toBe(1)
    const done = { ...job, state: 'succeeded' as const }
    expect(webhooks.deliveriesFor('k', done, 1).map((d) => d.type)).toEqual(['job.succeeded'])
    expect(webhooks.size).toBe(0)
    expect(webhooks.deliveriesFor('k', done, 2)).toEqual([])
  })

  it('resumes the subscriptions of unfinished jobs after a restart', async () => {
    const { clock, store, adapter, hub } = setup()
    const webhook = { url, events: ['job.succeeded' as const] }
    const stored = await hub.submit(
      adapter,
      'render',
      { queueMs: 0, runMs: 60_000 },
      { owner: 'a', webhook },
    )
    await clock.advance(2000)
    await hub.close()
    const tracker = new JobTracker({
      adapters: [adapter],
      clock,
      learner: new DurationLearner(),
      timeoutMs: 86_400_000,
    })
    const again = new JobHub({ tracker, store, clock })
    expect(await again.resume()).toBe(1)
    await clock.advance(120_000)
    expect((await store.deliveries(stored.key)).map((d) => d.type)).toEqual(['job.succeeded'])
    await again.close()
  })
})
