import type {
  ImageBytes,
  Job,
  JobHandle,
  JobState,
  ProviderId,
  SubmitIdempotency,
  WebhookDelivery,
  WebhookSubscription,
} from '@darkroom/core'

/** Options of {@link GatewayJobs.submit}. */
export interface GatewaySubmitOptions {
  /**
   * Where to deliver the job's events, checked by the route (a safe URL, a key with a secret).
   * Kept with the job; the stateless implementation refuses it (501 `store_required`).
   * Default: none.
   */
  webhook?: WebhookSubscription | undefined
}

/** Options of {@link GatewayJobs.watch}. */
export interface GatewayWatchOptions {
  /**
   * Ends this watch at once (the caller went away, the server shuts down): the iteration throws
   * core's `DarkroomAbortError`. Only this watch ends: other watchers, and the scheduler's own
   * watch of the job, go on. Default: never.
   */
  signal?: AbortSignal | undefined
  /**
   * This watch's deadline in ms from its start: past it the iteration throws core's
   * `DarkroomTimeoutError` carrying the last snapshot; the job itself goes on. Default: the
   * implementation's (one hour, core's `DEFAULT_TIMEOUT_MS`).
   */
  timeoutMs?: number | undefined
}

/** A page request of {@link GatewayJobs.list}: checked already (`parseJobListQuery`). */
export interface GatewayListQuery {
  /** The authenticated key's name: only its jobs are listed. */
  owner: string
  /** Only jobs in this state. Default: every state. */
  state?: JobState | undefined
  /** Only jobs of this (offered) provider. Default: every offered provider. */
  provider?: ProviderId | undefined
  /** At most this many jobs, a positive integer. */
  limit: number
  /** The `nextCursor` of the previous page (core's list cursor); absent for the first page. */
  cursor?: string | undefined
}

/** One listed job: its snapshot (its `id` core's encoded handle) and when it was submitted. */
export interface ListedJob {
  job: Job
  /** The job's key in its store (core's encoded handle): with `submittedAt`, its list position. */
  key: string
  /** Epoch milliseconds: the list's order, newest first. */
  submittedAt: number
}

/** One page of {@link GatewayJobs.list}, newest first. */
export interface GatewayJobPage {
  jobs: ListedJob[]
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null
}

/** What {@link GatewayJobs.submitOnce} answers. */
export interface KeyedSubmitAnswer {
  /** The job: just submitted, or (replayed) the key's earlier job as a read shows it now. */
  job: Job
  /** True when the key named an earlier submit's job and nothing was submitted now. */
  replayed: boolean
}

/** Upstream HTTP requests sent since start, for one provider, call and outcome. */
export interface UpstreamRequestCount {
  provider: ProviderId
  /** The adapter call: `submit`, `status` or `image`. */
  call: string
  /**
   * How it ended: the HTTP status as a string (`"200"`, `"429"`), or `network`, `timeout` or
   * `aborted` when no answer came. Each attempt of a retried call is one request.
   */
  outcome: string
  count: number
}

/** Jobs the scheduler holds now (unfinished ones), for one provider and state. */
export interface TrackedJobCount {
  provider: ProviderId
  state: JobState
  count: number
}

/** Open watches (one per event stream) of one provider's jobs. */
export interface ProviderWatchers {
  provider: ProviderId
  count: number
}

/** One provider's status-request budget: its rate and what was spent of it. */
export interface ProviderBudget {
  provider: ProviderId
  /** The budget's rate, status requests per second; null where nothing limits it. */
  requestsPerSecond: number | null
  /** Status requests spent from the budget since start. */
  spent: number
}

/**
 * What `GET /metrics` shows, as plain data: the route formats it (Prometheus text), so an
 * implementation that gathers it from elsewhere (a Durable Object per provider) only merges rows.
 * Every list holds one row per key; a key with nothing to count may be absent.
 */
export interface GatewayMetrics {
  upstream: readonly UpstreamRequestCount[]
  jobs: readonly TrackedJobCount[]
  watchers: readonly ProviderWatchers[]
  budget: readonly ProviderBudget[]
}

/**
 * Where the gateway's routes send every job operation: they never call an adapter or a watcher
 * themselves. One instance per gateway process (Node: one job hub over a tracker and a SQLite
 * store; Workers: each provider routed to its Durable Object). Handles come from verified job
 * tokens and `owner` is the authenticated key's *name* (never its secret), so an implementation
 * trusts both; it still refuses a handle it holds for another owner, with the same 404 as a
 * tampered token (`jobNotFound()`), so no route can leak a job across keys.
 *
 * What every implementation guarantees is written as the contract suite
 * `apps/api/test/jobs-contract.ts`, which each one runs.
 */
export interface GatewayJobs {
  /**
   * Submits a job to `provider` (never retried: see `SubmitOutcomeUnknownError`) and answers its
   * first snapshot, whose `id` is core's encoded handle. A durable implementation has recorded
   * the job before it resolves, and watches it to a terminal state whether or not anyone asks.
   * Rejects with core's `InvalidInputError` for a provider not offered, an unknown operation or a
   * bad input (naming the field).
   */
  submit(
    provider: ProviderId,
    operation: string,
    input: unknown,
    owner: string,
    options?: GatewaySubmitOptions,
  ): Promise<Job>
  /**
   * `submit` under `owner`'s `Idempotency-Key`: the same key and request answer the first
   * submit's job (`replayed`); a durable implementation journals the submit (core's `JobHub`).
   * Rejects with core's `IdempotencyConflictError` (the key with another request, or still in
   * flight) and `SubmitOutcomeUnknownError` (the key's submit ended without a usable answer). The
   * stateless implementation keeps no keys: it checks nothing and always submits.
   */
  submitOnce(
    provider: ProviderId,
    operation: string,
    input: unknown,
    owner: string,
    idempotency: SubmitIdempotency,
    options?: GatewaySubmitOptions,
  ): Promise<KeyedSubmitAnswer>
  /**
   * The job's latest snapshot: from the store while it is fresh (terminal, or younger than the
   * next poll the schedule planned), else through the scheduler (a poll in flight joined, or one
   * made within the provider's budget). A job not recorded yet (a token from before the store)
   * is recorded now, under `owner`.
   */
  get(handle: JobHandle, owner: string): Promise<Job>
  /**
   * The job's current snapshot first, then each changed one, ending after the terminal one. Any
   * number of watches of one job share one upstream poller and the provider's one budget. A
   * fatal upstream error ends every watch of the job by throwing it.
   */
  watch(handle: JobHandle, owner: string, options?: GatewayWatchOptions): AsyncIterable<Job>
  /**
   * One page of `owner`'s recorded jobs, newest first by (`submittedAt`, id), never another
   * owner's. Rejects with core's `InvalidInputError` for a cursor it did not hand out, and with a
   * 501 `HttpProblem` where nothing is recorded (the stateless implementation).
   */
  list(query: GatewayListQuery): Promise<GatewayJobPage>
  /**
   * The webhook deliveries of one of `owner`'s jobs, oldest first, with their attempt logs (none
   * for a job without a webhook). Another owner's job is `jobNotFound()`; the stateless
   * implementation answers 501 `store_required`.
   */
  deliveries(handle: JobHandle, owner: string): Promise<WebhookDelivery[]>
  /**
   * Sends the job's last delivery again (the same `webhook-id`, due now) and answers it; a 409
   * `no_delivery` problem for a job without one, 501 `store_required` where nothing is kept.
   */
  redeliver(handle: JobHandle, owner: string): Promise<WebhookDelivery>
  /** The bytes of image `index` of a succeeded job, fetched afresh from the provider. */
  image(handle: JobHandle, index: number): Promise<ImageBytes>
  /** Counters and gauges for `GET /metrics`. */
  metrics(): Promise<GatewayMetrics>
  /**
   * Stops scheduling and releases what it holds (the store last, after the scheduler stopped).
   * Unfinished jobs stay recorded, to be resumed by the next start. Calling it again does nothing.
   */
  close(): Promise<void>
}
