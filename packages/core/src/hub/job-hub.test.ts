import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../clock/virtual-clock.js'
import { ProviderApiError } from '../errors/index.js'
import type { ErrorCode, Job } from '../model/job.js'
import { DurationLearner } from '../polling/duration-learner.js'
import { JobTracker } from '../polling/job-tracker.js'
import type { JobStore, StoredJob, StoredJobUpdate } from '../store/job-store.js'
import { MemoryJobStore } from '../store/memory-job-store.js'
import { createScriptedAdapter, handleOf } from '../testing/index.js'
import { JobHub } from './job-hub.js'

function setup(store: JobStore = new MemoryJobStore()) {
  const clock = new VirtualClock()
  const adapter = createScriptedAdapter(clock)
  const tracker = new JobTracker({
    adapters: [adapter],
    clock,
    learner: new DurationLearner(),
    timeoutMs: 86_400_000,
  })
  const hub = new JobHub({ tracker, store, clock })
  return { clock, adapter, tracker, store, hub }
}

/** A store whose writes take `ms` of virtual time each, logging what landed when. */
class SlowStore extends MemoryJobStore {
  readonly landed: { key: string; update: StoredJobUpdate }[] = []
  constructor(
    readonly clock: VirtualClock,
    readonly ms: (n: number) => number,
  ) {
    super()
  }
  override async update(key: string, update: StoredJobUpdate): Promise<boolean> {
    await this.clock.sleep(this.ms(this.landed.length))
    this.landed.push({ key, update })
    return super.update(key, update)
  }
}

describe('JobHub', () => {
  it('records before answering: a crash right after submit loses nothing', async () => {
    const { clock, adapter, store, hub } = setup()
    const stored = await hub.submit(
      adapter,
      'render',
      { queueMs: 0, runMs: 20_000 },
      { owner: 'alice' },
    )
    // The "crash": nothing else runs; the store must already have the job.
    const kept = await store.get(stored.key)
    expect(kept).toMatchObject({ key: stored.key, owner: 'alice', handle: stored.handle })
    expect(kept?.snapshot.providerJobId).toBe(stored.handle.providerJobId)
    // Nobody watches; the hub still polls it to its end and writes every poll.
    await clock.advance(40_000)
    const done = await store.get(stored.key)
    expect(done?.snapshot.state).toBe('succeeded')
    expect(done?.nextPollAt).toBeNull()
    expect(done?.polls).toBeGreaterThan(1)
    expect(await store.unfinished()).toEqual([])
  })

  it('writes each job’s updates one at a time, in order, even when writes take uneven time', async () => {
    const clock = new VirtualClock()
    // Early writes slow, later ones fast: unserialised, later ones would land first.
    const store = new SlowStore(clock, (n) => (n % 2 === 0 ? 900 : 10))
    const adapter = createScriptedAdapter(clock)
    const tracker = new JobTracker({
      adapters: [adapter],
      clock,
      learner: new DurationLearner(),
      maxIntervalMs: 1000,
      timeoutMs: 86_400_000,
    })
    const hub = new JobHub({ tracker, store, clock })
    const stored = await hub.submit(
      adapter,
      'render',
      { queueMs: 0, runMs: 10_000, progressScript: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9] },
      { owner: 'a' },
    )
    await clock.advance(30_000)
    await hub.close()
    const polls = store.landed.map((w) => w.update.polls as number)
    expect(polls.length).toBeGreaterThan(5)
    expect(polls).toEqual([...polls].sort((a, b) => a - b))
    expect((await store.get(stored.key))?.snapshot.state).toBe('succeeded')
  })

  it('answers a fresh read from the store and a stale one through the tracker', async () => {
    const { clock, adapter, hub } = setup()
    const stored = await hub.submit(
      adapter,
      'render',
      { queueMs: 0, runMs: 600_000, progress: true },
      { owner: 'a' },
    )
    await clock.advance(0)
    const fresh = await hub.get(stored.key)
    const calls = adapter.statusCalls.length
    expect(fresh?.nextPollAt).toBeGreaterThan(clock.now())
    expect(adapter.statusCalls.length).toBe(calls)
    // Past the planned poll but before the tracker got to it: the read polls (a token is there).
    const readAt = (fresh?.nextPollAt as number) + 1
    await clock.advance(readAt - clock.now())
    const stale = await clock.run(hub.get(stored.key))
    expect(stale?.snapshot.progress).toBeGreaterThan(0)
  })

  it('strips signed image URLs and raw payloads before storing', async () => {
    const { clock, adapter, store, hub } = setup()
    const original = adapter.status.bind(adapter)
    adapter.status = async (handle, options): Promise<Job> => {
      const job = await original(handle, options)
      if (job.state !== 'succeeded') return { ...job, raw: { secret: 'sig' } }
      const url = 'https://cdn.test/i.png?Signature=abc&Expires=1'
      return {
        ...job,
        raw: { url },
        images: [{ index: 0, url, width: 1, height: 1, expiresAt: null, mimeType: null }],
      }
    }
    const stored = await hub.submit(adapter, 'render', { queueMs: 0, runMs: 5000 }, { owner: 'a' })
    await clock.advance(20_000)
    const text = JSON.stringify(await store.get(stored.key))
    expect(text).not.toMatch(/Signature|sig|cdn\.test/)
    expect((await store.get(stored.key))?.snapshot.images).toEqual([
      { index: 0, url: null, width: 1, height: 1, expiresAt: null, mimeType: null },
    ])
  })

  it('resumes every unfinished job at its stored planned poll', async () => {
    const { clock, adapter, store, hub } = setup()
    const jobs: StoredJob[] = []
    for (let i = 0; i < 3; i++) {
      jobs.push(await hub.submit(adapter, 'render', { queueMs: 0, runMs: 60_000 }, { owner: 'a' }))
    }
    await clock.advance(2000)
    await hub.close()
    // A new process: a new tracker and hub over the same store.
    const tracker = new JobTracker({
      adapters: [adapter],
      clock,
      learner: new DurationLearner(),
      timeoutMs: 86_400_000,
    })
    const again = new JobHub({ tracker, store, clock })
    const planned = (await store.unfinished()).map((j) => j.nextPollAt as number)
    const before = adapter.statusCalls.length
    expect(await again.resume()).toBe(3)
    expect(tracker.stats().held).toBe(3)
    await clock.advance(Math.min(...planned) - clock.now() - 1)
    expect(adapter.statusCalls.length).toBe(before) // nothing before its plan
    await clock.advance(120_000)
    for (const job of jobs) expect((await store.get(job.key))?.snapshot.state).toBe('succeeded')
  })

  it('adopts a job read or watched by id that is not stored yet, with the reader as owner', async () => {
    const { clock, adapter, store, hub } = setup()
    const job = await adapter.submit('render', { queueMs: 0, runMs: 5000 })
    expect(await hub.get(job.id)).toBeNull()
    const adopted = await clock.run(hub.get(job.id, { owner: 'bob' }))
    expect(adopted?.owner).toBe('bob')
    expect((await store.get(job.id))?.handle).toEqual(handleOf(job))
    const seen: Job[] = []
    await clock.run(
      (async () => {
        for await (const j of hub.watch(job.id)) seen.push(j)
      })(),
    )
    expect(seen.at(-1)?.state).toBe('succeeded')
  })

  describe('a job the tracker gives up with a fatal error', () => {
    const fatal = (code: ErrorCode, status: number) => () =>
      new ProviderApiError(`status said ${code}`, {
        provider: 'speedpix',
        call: 'status',
        code,
        status,
        providerCode: null,
        retryable: false,
      })

    async function giveUp(code: ErrorCode, status: number) {
      const { clock, adapter, store, hub } = setup()
      const stored = await hub.submit(
        adapter,
        'render',
        {
          queueMs: 0,
          runMs: 60_000,
          errors: [{ fromMs: 1, toMs: 1e9, error: fatal(code, status) }],
        },
        { owner: 'alice' },
      )
      await clock.advance(30_000)
      return { store, kept: await store.get(stored.key) }
    }

    it('is recorded as failed with the error, so no start resumes it', async () => {
      const { store, kept } = await giveUp('not_found', 404)
      expect(kept?.snapshot.state).toBe('failed')
      expect(kept?.snapshot.error).toMatchObject({ code: 'not_found', retryable: false })
      expect(kept?.snapshot.error?.message).toContain('status said not_found')
      expect(kept?.nextPollAt).toBeNull()
      expect(await store.unfinished()).toEqual([])
    })

    it("stays unfinished when the gateway's credentials are at fault, for a restart to resume", async () => {
      const { store, kept } = await giveUp('unauthorized', 401)
      expect(kept?.snapshot.state).not.toBe('failed')
      expect((await store.unfinished()).map((job) => job.key)).toEqual([kept?.key])
    })
  })
})
