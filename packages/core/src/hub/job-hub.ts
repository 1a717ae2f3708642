import { type Clock, systemClock } from '../clock/clock.js'
import { decodeHandle } from '../model/handle.js'
import { isTerminalState, type Job } from '../model/job.js'
import type { JobTracker } from '../polling/job-tracker.js'
import type { TrackerWatchOptions } from '../polling/tracker-options.js'
import { baseJob } from '../providers/shared/job-builder.js'
import type { CallOptions, ProviderAdapter } from '../spec/adapter.js'
import type { JobListPage, JobListQuery, JobStore, StoredJob } from '../store/job-store.js'
import type { SubmitClaim } from '../store/submit-claims.js'
import type { WebhookDelivery, WebhookSubscription } from '../store/webhook-outbox.js'
import { HubRecorder } from './hub-recorder.js'
import { type HubWebhookOptions, HubWebhooks } from './hub-webhooks.js'
import { storableSnapshot } from './storable-snapshot.js'
import { type SubmitIdempotency, SubmitJournal } from './submit-journal.js'
import { WriteQueue } from './write-queue.js'

/** Options of {@link JobHub}. */
export interface JobHubOptions {
  /**
   * The one scheduler of these jobs (its adapters, budgets and deadline). Give it a long
   * `timeoutMs` (e.g. 24 h): a held job nobody watches is polled until then.
   */
  tracker: JobTracker
  /** Where the jobs live. `MemoryJobStore` is not durable: nothing survives a restart on it. */
  store: JobStore
  /** Time source for submit and observation times. Default: the wall clock. */
  clock?: Clock | undefined
  /**
   * Told of a store write that failed (the job stays tracked; the next write carries the latest
   * state). Default: `console.warn` of the message. Never receives a secret: snapshots are
   * stripped before any write.
   */
  onWriteError?: ((error: unknown, key: string) => void) | undefined
  /**
   * How subscribed jobs' webhook events are produced (enqueued with the snapshot's write; the
   * gateway's `WebhookDispatcher` sends them). Default: progress at most every 10 s, nobody told.
   */
  webhooks?: HubWebhookOptions | undefined
}

/** Options of {@link JobHub.submit}. */
export interface HubSubmitOptions extends CallOptions {
  /** The name of the API key (or scope) the job belongs to. Required. */
  owner: string
  /**
   * Where to deliver the job's events, kept with the job (checked by the caller: a safe URL,
   * known events). Default: none.
   */
  webhook?: WebhookSubscription | undefined
  /**
   * Makes the submit idempotent under the owner's key: claimed in the store before the provider
   * is called, the provider's job id journaled before the job's insert, and a repeat answered
   * with the same job (`replayed: true`). See `SubmitJournal`. Default: none, every call submits.
   */
  idempotency?: SubmitIdempotency | undefined
}

/** What {@link JobHub.submit} answers: the stored job, and whether it is an earlier submit's. */
export interface SubmittedJob extends StoredJob {
  /** True when an `idempotency` key named an earlier submit's job (nothing was submitted now). */
  replayed: boolean
}

/** Options of {@link JobHub.get} and {@link JobHub.watch}. */
export interface HubReadOptions {
  /**
   * Whose a job is when it is not in the store yet (an id from before the store existed): it is
   * then inserted with this owner. Default: none, and such a job is not found (null / an error).
   */
  owner?: string | undefined
}

/**
 * The durable side of a gateway's jobs, over one {@link JobTracker} and one {@link JobStore}.
 * A submitted job is in the store before `submit` resolves, and held by the tracker until it is
 * terminal whether or not anyone watches; every poll's outcome is written back (per job in
 * order, one write at a time). Reads answer from the store while the stored snapshot is fresh,
 * and through the tracker (within its budget) when it is stale. `resume()` after a restart holds
 * every unfinished job again at its planned poll. Snapshots are stored without signed URLs or
 * raw payloads (see `storableSnapshot`).
 */
export class JobHub {
  readonly #tracker: JobTracker
  readonly #store: JobStore
  readonly #clock: Clock
  readonly #writes: WriteQueue
  readonly #webhooks: HubWebhooks
  readonly #unsubscribe: () => void
  readonly #journal: SubmitJournal

  constructor(options: JobHubOptions) {
    this.#tracker = options.tracker
    this.#store = options.store
    this.#clock = options.clock ?? systemClock
    const onError =
      options.onWriteError ??
      ((error: unknown, key: string) =>
        console.warn(`JobHub could not write job ${key}: ${String(error)}`))
    this.#writes = new WriteQueue(onError)
    this.#webhooks = new HubWebhooks(options.webhooks)
    const recorder = new HubRecorder({
      store: this.#store,
      clock: this.#clock,
      writes: this.#writes,
      webhooks: this.#webhooks,
    })
    this.#unsubscribe = this.#tracker.subscribe((event) => recorder.record(event))
    this.#journal = new SubmitJournal({
      store: this.#store,
      clock: this.#clock,
      read: (key) => this.get(key),
      stored: (key) => this.#store.get(key),
      recover: (claim) => this.#recover(claim),
    })
  }

  /**
   * Submits a job and records it (the store has it the moment this resolves), then holds it in
   * the tracker. A store that refuses the insert rejects the call: the job then exists at the
   * provider but not here, and the error says so. With `idempotency`, see {@link SubmittedJob}.
   */
  async submit(
    adapter: ProviderAdapter,
    operation: string,
    input: unknown,
    options: HubSubmitOptions,
  ): Promise<SubmittedJob> {
    const once = options.idempotency
    if (once) {
      const earlier = await this.#journal.claim(options.owner, once, adapter.id)
      if (earlier) return { ...earlier, replayed: true }
    }
    try {
      return await this.#insertSubmitted(
        await this.#journal.call(options.owner, once, () =>
          adapter.submit(operation, input, { signal: options.signal }),
        ),
        options,
      )
    } finally {
      if (once) this.#journal.done(options.owner, once.key)
    }
  }

  async #insertSubmitted(
    job: Job,
    { owner, webhook }: Pick<HubSubmitOptions, 'owner' | 'webhook'>,
  ): Promise<SubmittedJob> {
    const now = this.#clock.now()
    const stored: StoredJob = {
      key: job.id,
      handle: decodeHandle(job.id),
      owner,
      snapshot: storableSnapshot(job),
      submittedAt: now,
      observedAt: now,
      nextPollAt: null,
      polls: 0,
      errorsInARow: 0,
    }
    await this.#writes.run(stored.key, () => this.#store.insert(stored, webhook), true)
    if (webhook) this.#webhooks.watch(stored.key, stored.owner, webhook, stored.snapshot)
    this.#tracker.hold(stored.handle, { initial: job, submittedAt: now }).catch(() => undefined)
    return { ...stored, replayed: false }
  }

  /**
   * A stored job: as stored while fresh (terminal, or before its `nextPollAt`), else with a
   * snapshot refreshed through the tracker (`JobTracker.refresh`: never waits for the budget).
   * Null for a key not stored, unless `owner` is given and the key is a job id (then the job is
   * looked up at the provider, within the budget, and stored).
   */
  async get(key: string, options: HubReadOptions = {}): Promise<StoredJob | null> {
    const stored = (await this.#store.get(key)) ?? (await this.#adopt(key, options.owner))
    if (!stored) return null
    const now = this.#clock.now()
    if (isTerminalState(stored.snapshot.state)) return stored
    if (stored.nextPollAt !== null && now < stored.nextPollAt) return stored
    // A stored job not held (a read before `resume()`, or after its hold ran out) is held again.
    if (!this.#tracker.has(key)) this.#hold(stored)
    const fresh = await this.#tracker.refresh(key)
    return fresh ? { ...stored, snapshot: storableSnapshot(fresh) } : stored
  }

  /**
   * Watches a stored job through the tracker (`JobTracker.watch`: many watchers, one poller),
   * starting from the stored snapshot. Throws when the key is not stored (and cannot be adopted).
   */
  async *watch(
    key: string,
    options: TrackerWatchOptions & HubReadOptions = {},
  ): AsyncGenerator<Job, void, undefined> {
    const stored = (await this.#store.get(key)) ?? (await this.#adopt(key, options.owner))
    if (!stored) throw new Error(`JobHub has no job ${key}; submit it first, or pass its owner.`)
    if (!isTerminalState(stored.snapshot.state) && !this.#tracker.has(key)) this.#hold(stored)
    yield* this.#tracker.watch(stored.handle, { ...options, initial: stored.snapshot })
  }

  /** One page of an owner's stored jobs (`JobStore.list`). */
  list(query: JobListQuery): Promise<JobListPage> {
    return this.#store.list(query)
  }

  /** The job's webhook deliveries with their attempt logs, oldest first (`JobStore.deliveries`). */
  deliveries(key: string): Promise<WebhookDelivery[]> {
    return this.#store.deliveries(key)
  }

  /**
   * Sends the job's last delivery again, the same `webhook-id`, due now (its schedule restarted),
   * and tells the dispatcher. Resolves with it, or null when the job has no delivery.
   */
  async redeliver(key: string): Promise<WebhookDelivery | null> {
    const delivery = await this.#store.redeliver(key, this.#clock.now())
    if (delivery) this.#webhooks.onEnqueued()
    return delivery
  }

  /**
   * Holds every unfinished stored job again, each at its stored `nextPollAt` (an unplanned one
   * now), with its webhook subscription: what a restarted gateway calls once. Resolves with how
   * many it holds.
   */
  async resume(): Promise<number> {
    // First the keyed submits a crash left open: their recovered jobs are unfinished ones too.
    await this.#journal.settleOpen()
    const jobs = await this.#store.unfinished()
    for (const stored of jobs) {
      const webhook = await this.#store.webhookOf(stored.key)
      if (webhook) this.#webhooks.watch(stored.key, stored.owner, webhook, stored.snapshot)
      this.#hold(stored)
    }
    return jobs.length
  }

  /** Waits for every write begun so far (a clean shutdown), then stops recording. */
  async close(): Promise<void> {
    this.#unsubscribe()
    await this.#writes.idle()
  }

  #hold(stored: StoredJob): void {
    const dueAt = stored.nextPollAt ?? this.#clock.now()
    const options = { initial: stored.snapshot, submittedAt: stored.submittedAt, dueAt }
    this.#tracker.hold(stored.handle, options).catch(() => undefined)
  }

  /**
   * Records the job of a claim journaled before a crash: its first snapshot was never stored, so
   * it starts as the handle's queued job, due for a poll now, under the claim's owner.
   */
  async #recover(claim: SubmitClaim & { jobKey: string }): Promise<StoredJob> {
    const handle = decodeHandle(claim.jobKey)
    const now = this.#clock.now()
    const stored: StoredJob = {
      key: claim.jobKey,
      handle,
      owner: claim.owner,
      snapshot: baseJob(handle, this.#clock),
      submittedAt: claim.claimedAt,
      observedAt: now,
      nextPollAt: null,
      polls: 0,
      errorsInARow: 0,
    }
    await this.#writes.run(stored.key, () => this.#store.insert(stored), true)
    this.#hold(stored)
    return stored
  }

  /** Stores a job known by its id only: held, looked up once (within the budget), inserted. */
  async #adopt(key: string, owner: string | undefined): Promise<StoredJob | null> {
    if (owner === undefined) return null
    const handle = decodeHandle(key)
    const now = this.#clock.now()
    this.#tracker.hold(handle).catch(() => undefined)
    let first: Job | undefined
    for await (const job of this.#tracker.watch(handle)) {
      first = job
      break
    }
    const insert = async () => {
      // The latest snapshot when the insert runs, so no update queued meanwhile is lost.
      const snapshot = storableSnapshot(this.#tracker.snapshot(key) ?? (first as Job))
      const observedAt = this.#clock.now()
      const base = { key, handle, owner, snapshot, submittedAt: now, observedAt }
      const job: StoredJob = { ...base, nextPollAt: null, polls: 1, errorsInARow: 0 }
      await this.#store.insert(job)
      return job
    }
    return this.#writes.run(key, insert, true)
  }
}
