import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../clock/virtual-clock.js'
import { IdempotencyConflictError } from '../errors/idempotency-error.js'
import { InvalidInputError, SubmitOutcomeUnknownError } from '../errors/subclasses.js'
import { DurationLearner } from '../polling/duration-learner.js'
import { JobTracker } from '../polling/job-tracker.js'
import type { ProviderAdapter } from '../spec/adapter.js'
import type { JobStore, StoredJob } from '../store/job-store.js'
import { MemoryJobStore } from '../store/memory-job-store.js'
import { createScriptedAdapter } from '../testing/index.js'
import { JobHub } from './job-hub.js'

const SCRIPT = { queueMs: 0, runMs: 20_000 }
const once = (key = 'k-1', fingerprint = 'f-1') => ({
  owner: 'alice',
  idempotency: { key, fingerprint },
})

/** A hub over `store` with a fresh tracker: a gateway process, started anew for each call. */
function start(clock: VirtualClock, store: JobStore, adapter: ProviderAdapter) {
  const tracker = new JobTracker({
    adapters: [adapter],
    clock,
    learner: new DurationLearner(),
    timeoutMs: 86_400_000,
  })
  return { hub: new JobHub({ tracker, store, clock }), tracker }
}

function setup() {
  const clock = new VirtualClock()
  const adapter = createScriptedAdapter(clock)
  const store = new MemoryJobStore()
  return { clock, adapter, store, ...start(clock, store, adapter) }
}

async function rejection(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => expect.unreachable('expected a rejection'),
    (error: unknown) => error,
  )
}

/** A store that "crashes" (throws) on the next insert: the process died before the job's write. */
class CrashingStore extends MemoryJobStore {
  crashOnInsert = false
  crashOnJournal = false
  override async insert(job: StoredJob): Promise<void> {
    if (this.crashOnInsert) throw new Error('crash before the insert')
    return super.insert(job)
  }
  override async journalSubmit(owner: string, key: string, jobKey: string): Promise<boolean> {
    if (this.crashOnJournal) throw new Error('crash before the journal')
    return super.journalSubmit(owner, key, jobKey)
  }
}

describe('JobHub idempotent submits', () => {
  it('answers a repeat with the same job, submitting once', async () => {
    const { adapter, hub, store } = setup()
    const first = await hub.submit(adapter, 'render', SCRIPT, once())
    expect(first.replayed).toBe(false)
    const again = await hub.submit(adapter, 'render', SCRIPT, once())
    expect(again).toMatchObject({ key: first.key, owner: 'alice', replayed: true })
    expect(adapter.submits).toBe(1)
    // Another owner's key of the same text is another key.
    await hub.submit(adapter, 'render', SCRIPT, { ...once(), owner: 'bob' })
    expect(adapter.submits).toBe(2)
    expect(
      (
        await store.claimSubmit({
          ...once().idempotency,
          owner: 'alice',
          claimedAt: 0,
          expiresAt: 1,
        })
      )?.jobKey,
    ).toBe(first.key)
  })

  it('refuses the key with another request (reused), sending nothing', async () => {
    const { adapter, hub } = setup()
    await hub.submit(adapter, 'render', SCRIPT, once())
    const error = await rejection(hub.submit(adapter, 'render', SCRIPT, once('k-1', 'f-2')))
    expect(IdempotencyConflictError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ reason: 'reused', retryable: false })
    expect(String(error)).toMatch(/new key/)
    expect(adapter.submits).toBe(1)
  })

  it('refuses a repeat while the first is in flight, then replays it', async () => {
    const { clock, adapter, hub } = setup()
    const submit = adapter.submit.bind(adapter)
    adapter.submit = async (operation, input) => {
      await clock.sleep(1000)
      return submit(operation, input)
    }
    const first = hub.submit(adapter, 'render', SCRIPT, once())
    await clock.advance(10)
    const error = await rejection(hub.submit(adapter, 'render', SCRIPT, once()))
    expect(error).toMatchObject({ reason: 'in-flight', retryable: true, retryAfterMs: 1000 })
    // The key with another body is still the 422's, in flight or not.
    const reused = await rejection(hub.submit(adapter, 'render', SCRIPT, once('k-1', 'f-2')))
    expect(reused).toMatchObject({ reason: 'reused' })
    await clock.advance(1000)
    const job = await first
    expect((await hub.submit(adapter, 'render', SCRIPT, once())).key).toBe(job.key)
    expect(adapter.submits).toBe(1)
  })

  it('releases the key after a definite failure, so a corrected request may use it', async () => {
    const { adapter, hub } = setup()
    const submit = adapter.submit.bind(adapter)
    adapter.submit = async () => {
      throw new InvalidInputError('bad input', { issues: [{ path: 'x', message: 'bad' }] })
    }
    await expect(hub.submit(adapter, 'render', SCRIPT, once())).rejects.toThrow('bad input')
    adapter.submit = submit
    const fixed = await hub.submit(adapter, 'render', SCRIPT, once('k-1', 'f-fixed'))
    expect(fixed.replayed).toBe(false)
  })

  it('keeps an unknown outcome unknown: a repeat is submit_outcome_unknown, never a resubmit', async () => {
    const { adapter, hub } = setup()
    adapter.submit = async () => {
      throw new SubmitOutcomeUnknownError('no answer', {
        provider: 'speedpix',
        reason: 'no-answer',
      })
    }
    await expect(hub.submit(adapter, 'render', SCRIPT, once())).rejects.toThrow('no answer')
    const error = await rejection(hub.submit(adapter, 'render', SCRIPT, once()))
    expect(SubmitOutcomeUnknownError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ reason: 'key-unknown', code: 'submit_outcome_unknown' })
    expect(String(error)).toMatch(/job list/)
  })

  it('recovers the job after a crash between the provider’s answer and the insert', async () => {
    const clock = new VirtualClock()
    const adapter = createScriptedAdapter(clock)
    const store = new CrashingStore()
    const first = start(clock, store, adapter)
    store.crashOnInsert = true
    await expect(first.hub.submit(adapter, 'render', SCRIPT, once())).rejects.toThrow('crash')
    first.tracker.close()
    expect(await store.unfinished()).toEqual([])
    // The restart: a new hub over the same store settles the open claim before anything else.
    store.crashOnInsert = false
    const second = start(clock, store, adapter)
    expect(await second.hub.resume()).toBe(1)
    const [recovered] = await store.unfinished()
    expect(recovered).toMatchObject({ owner: 'alice', polls: expect.any(Number) })
    expect(recovered?.snapshot.providerJobId).toBe(recovered?.handle.providerJobId)
    const replay = await second.hub.submit(adapter, 'render', SCRIPT, once())
    expect(replay).toMatchObject({ key: recovered?.key, replayed: true })
    expect(adapter.submits).toBe(1)
    // Held again: polled to its end with nobody watching.
    await clock.advance(60_000)
    expect((await store.get(recovered?.key ?? ''))?.snapshot.state).toBe('succeeded')
  })

  it('recovers a journaled job without a restart once its submit is over', async () => {
    const clock = new VirtualClock()
    const adapter = createScriptedAdapter(clock)
    const store = new CrashingStore()
    const { hub } = start(clock, store, adapter)
    store.crashOnInsert = true
    await expect(hub.submit(adapter, 'render', SCRIPT, once())).rejects.toThrow('crash')
    store.crashOnInsert = false
    const replay = await hub.submit(adapter, 'render', SCRIPT, once())
    expect(replay.replayed).toBe(true)
    expect(await store.get(replay.key)).toMatchObject({ owner: 'alice' })
    expect(adapter.submits).toBe(1)
  })

  it('makes a claim left pending by a crash unknown at the next start', async () => {
    const clock = new VirtualClock()
    const adapter = createScriptedAdapter(clock)
    const store = new CrashingStore()
    const first = start(clock, store, adapter)
    // The provider answered, the process died before the journal's write.
    store.crashOnJournal = true
    await expect(first.hub.submit(adapter, 'render', SCRIPT, once())).rejects.toThrow('crash')
    first.tracker.close()
    store.crashOnJournal = false
    const second = start(clock, store, adapter)
    expect(await second.hub.resume()).toBe(0)
    expect(await store.openSubmits(clock.now())).toEqual([])
    const error = await rejection(second.hub.submit(adapter, 'render', SCRIPT, once()))
    expect(error).toMatchObject({ code: 'submit_outcome_unknown', reason: 'key-unknown' })
    expect(adapter.submits).toBe(1)
  })

  it('frees a key after its day, and sweeps it', async () => {
    const { clock, adapter, hub, store } = setup()
    await hub.submit(adapter, 'render', SCRIPT, once())
    await clock.advance(24 * 60 * 60 * 1000)
    const later = await hub.submit(adapter, 'render', SCRIPT, once('k-1', 'f-2'))
    expect(later.replayed).toBe(false)
    expect(adapter.submits).toBe(2)
    expect(await store.sweepSubmits(clock.now())).toBe(0)
  })
})
