import {
  decodeHandle,
  encodeHandle,
  type JobHub,
  type JobState,
  type JobTracker,
  type ProviderId,
} from '@darkroom/core'
import { HttpProblem, jobNotFound } from '../http/http-problem.js'
import type { GatewayImages } from '../images/gateway-images.js'
import type { GatewayJobs, GatewayMetrics, TrackedJobCount } from './gateway-jobs.js'
import { type OfferedAdapters, offeredAdapter } from './offered.js'
import { type UpstreamTally, WatcherGauge } from './upstream-tally.js'

/** What {@link hubJobs} runs on. */
export interface HubJobsOptions {
  /** The offered providers' adapters (the tracker's too), built with `tally.onRequest`. */
  adapters: OfferedAdapters
  /** Core's job hub over `tracker` and the store. */
  hub: JobHub
  /** The hub's one scheduler; closed by `close()` before the hub's last writes are awaited. */
  tracker: JobTracker
  /** Counts every upstream request (the adapters' `onRequest`). */
  tally: UpstreamTally
  /**
   * Where succeeded jobs' images are kept, each copied as the tracker sees the job end (so with
   * nobody connected), and read back by `image`. Default none: images are fetched from the
   * provider on every read.
   */
  images?: GatewayImages | undefined
}

/** Unfinished states, the only ones a tracker holds for long. */
const PENDING: readonly JobState[] = ['queued', 'running']

/**
 * The durable `GatewayJobs` over core's `JobHub`: every submitted job is recorded before the
 * answer and held by the one tracker to its end, watched or not; reads come from the store while
 * fresh, else through `tracker.refresh`; every watch of a job joins its one poller; a job id from
 * before the store is recorded on first read. The store is its opener's to close, after `close()`.
 */
export function hubJobs(options: HubJobsOptions): GatewayJobs & {
  /** Holds every unfinished stored job again, at its planned poll; resolves with how many. */
  resume(): Promise<number>
} {
  const { adapters, hub, tracker, tally, images } = options
  const watchers = new WatcherGauge()
  let closed: Promise<void> | null = null
  const keep = images
    ? tracker.subscribe((event) => {
        if (event.type !== 'done' || event.job.state !== 'succeeded') return
        const adapter = adapters[event.job.provider]
        if (!adapter) return
        const handle = decodeHandle(event.id)
        images.keepJob(event.id, event.job.images.length, (index) => adapter.image(handle, index))
      })
    : () => undefined

  /** The stored job for `owner`: another owner's is the same 404 as a tampered token. */
  const owned = async (key: string, owner: string) => {
    const stored = await hub.get(key, { owner })
    if (!stored || stored.owner !== owner) throw jobNotFound()
    return stored
  }

  return {
    async submit(provider, operation, input, owner, submitOptions = {}) {
      const adapter = offeredAdapter(adapters, provider)
      const stored = await hub.submit(adapter, operation, input, { ...submitOptions, owner })
      return stored.snapshot
    },
    async submitOnce(provider, operation, input, owner, idempotency, submitOptions = {}) {
      const adapter = offeredAdapter(adapters, provider)
      const options = { ...submitOptions, owner, idempotency }
      const stored = await hub.submit(adapter, operation, input, options)
      return { job: stored.snapshot, replayed: stored.replayed }
    },
    async deliveries(handle, owner) {
      offeredAdapter(adapters, handle.provider)
      const key = encodeHandle(handle)
      await owned(key, owner)
      return hub.deliveries(key)
    },
    async redeliver(handle, owner) {
      offeredAdapter(adapters, handle.provider)
      const key = encodeHandle(handle)
      await owned(key, owner)
      const delivery = await hub.redeliver(key)
      if (delivery) return delivery
      throw new HttpProblem({
        status: 409,
        code: 'no_delivery',
        detail:
          'This job has no webhook delivery to resend: submit a job with a webhook, and redeliver once an event was delivered (GET /v1/jobs/:id/deliveries lists them).',
      })
    },
    async get(handle, owner) {
      offeredAdapter(adapters, handle.provider)
      return (await owned(encodeHandle(handle), owner)).snapshot
    },
    async *watch(handle, owner, watchOptions = {}) {
      offeredAdapter(adapters, handle.provider)
      const key = encodeHandle(handle)
      await owned(key, owner)
      const close = watchers.open(handle.provider)
      try {
        yield* hub.watch(key, {
          owner,
          signal: watchOptions.signal,
          timeoutMs: watchOptions.timeoutMs,
        })
      } finally {
        close()
      }
    },
    async list(query) {
      const page = await hub.list(query)
      return {
        jobs: page.jobs.map(({ snapshot, key, submittedAt }) => ({
          job: snapshot,
          key,
          submittedAt,
        })),
        nextCursor: page.nextCursor,
      }
    },
    async image(handle, index) {
      const adapter = offeredAdapter(adapters, handle.provider)
      if (!images) return adapter.image(handle, index)
      const found = await images.image(encodeHandle(handle), index, () =>
        adapter.image(handle, index),
      )
      return { bytes: found.bytes, mimeType: found.mimeType }
    },
    async metrics(): Promise<GatewayMetrics> {
      const counts = new Map<string, TrackedJobCount>()
      for (const provider of Object.keys(adapters) as ProviderId[])
        for (const state of PENDING)
          counts.set(`${provider}:${state}`, { provider, state, count: 0 })
      // One pass over the tracked jobs: stats() counts states over all providers only.
      for (const job of tracker.snapshots()) {
        const row = counts.get(`${job.provider}:${job.state}`)
        if (row) row.count += 1
      }
      const budget = Object.entries(tracker.stats().providers).map(([provider, b]) => ({
        provider: provider as ProviderId,
        requestsPerSecond: Number.isFinite(b.requestsPerSecond) ? b.requestsPerSecond : null,
        spent: b.requests,
      }))
      const jobs = [...counts.values()]
      return { upstream: tally.rows(), jobs, watchers: watchers.rows(), budget }
    },
    close() {
      // No poll after this; then the writes already begun land before the store may close.
      closed ??= (async () => {
        keep()
        tracker.close()
        await hub.close()
        await images?.close()
      })()
      return closed
    },
    async resume() {
      // What expired while the gateway was down goes now; the sweep re-arms at the next expiry.
      if (images) await images.sweep()
      return hub.resume()
    },
  }
}
