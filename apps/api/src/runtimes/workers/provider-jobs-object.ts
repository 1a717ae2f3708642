import { DurableObject, type DurableObjectState } from 'cloudflare:workers'
import {
  DEFAULT_IDEMPOTENCY_TTL_MS,
  JobHub,
  JobTracker,
  PROVIDER_IDS,
  type ProviderAdapter,
  type ProviderId,
  type RequestEvent,
  type SubmitIdempotency,
  type WebhookSubscription,
} from '@darkroom/core'
import { createRedactor } from '@darkroom/core/provider-kit'
import type { WebhookDispatcher } from '@darkroom/core/webhooks'
import { durableObjectSqlDriver, SqlJobStore } from '@darkroom/store/sql'
import { type GatewayConfig, loadConfig } from '../../config.js'
import { HttpProblem } from '../../http/http-problem.js'
import { GatewayImages } from '../../images/gateway-images.js'
import type { GatewayJobs } from '../../jobs/gateway-jobs.js'
import { hubJobs } from '../../jobs/hub-jobs.js'
import { UpstreamTally } from '../../jobs/upstream-tally.js'
import { gatewayDispatcher, webhookPolicy } from '../../jobs/webhook-delivery.js'
import { webhookUrlRefusal } from '../../security/webhook-url.js'
import { AlarmClock } from './alarm-clock.js'
import type { ProviderJobsRpc } from './object-rpc.js'
import { IMAGES_BINDING, type R2BucketLike, r2ImageStorage } from './r2-image-storage.js'
import { type Outcome, outcome } from './rpc-errors.js'

/**
 * How an object gets its provider's adapter: live from its credentials, or the demo's emulator.
 * `onRequest` counts every upstream request for the object's metrics; `clock` is the object's;
 * `storage` is the object's own (the demo keeps its emulator's jobs there).
 */
export type ObjectAdapters = (
  config: GatewayConfig,
  wiring: {
    clock: AlarmClock
    onRequest: (event: RequestEvent) => void
    storage: DurableObjectState['storage']
  },
) => Partial<Record<ProviderId, ProviderAdapter>>

/** The storage key under which an object remembers which provider it serves. */
const PROVIDER_KEY = 'darkroom:provider'

/** How long a held job is polled with nobody watching: a day, as on the Node gateway. */
const HELD_JOB_TIMEOUT_MS = 24 * 60 * 60 * 1000

const EMPTY_PAGE = { jobs: [], nextCursor: null }

/** The key index handles no provider data, so nothing in its errors needs scrubbing. */
const noRedaction = (text: string) => text

interface Engine {
  jobs: ReturnType<typeof hubJobs>
  redact: (text: string) => string
  dispatcher: WebhookDispatcher
}

/**
 * The Durable Object class holding one provider's jobs (`idFromName(provider)`), for the Worker
 * entry to export as `ProviderJobs`. Its storage is SQLite: the job store (`SqlJobStore` over
 * `durableObjectSqlDriver`) is migrated in `blockConcurrencyWhile` before any call is let in; its
 * scheduling clock is the object's alarm ({@link AlarmClock}); its adapter's HTTP uses the global
 * `fetch` and the wall clock.
 */
export function providerJobsClass(
  adaptersFor: ObjectAdapters,
  options: {
    /**
     * The `fetch` webhook deliveries go through, from the object's bindings (the demo's
     * optional service binding). Default: the global `fetch`.
     */
    webhookFetch?: (env: Record<string, unknown>) => typeof fetch | undefined
  } = {},
) {
  return class ProviderJobs
    extends DurableObject<Record<string, unknown>>
    implements ProviderJobsRpc
  {
    readonly #clock: AlarmClock
    #store: SqlJobStore | null = null
    #engine: Engine | null = null
    #provider: ProviderId | null = null
    #failure: HttpProblem | null = null
    #sweptAt = Number.NEGATIVE_INFINITY

    constructor(ctx: DurableObjectState, env: Record<string, unknown>) {
      super(ctx, env)
      this.#clock = new AlarmClock(ctx.storage)
      void ctx.blockConcurrencyWhile(async () => {
        try {
          this.#store = SqlJobStore.open(durableObjectSqlDriver(ctx.storage), {
            location: 'durable-object:darkroom-jobs',
          })
          // Evicted or restarted: every unfinished job is held again at its stored next poll,
          // before any call is let in, so no job is ever scheduled twice.
          const stored = await ctx.storage.get<string>(PROVIDER_KEY)
          if (stored !== undefined) await this.#start(stored as ProviderId)
        } catch (error) {
          // A store this code cannot use (a newer schema, say): every call answers why.
          console.error(error)
          this.#failure = new HttpProblem({
            status: 500,
            code: 'internal',
            detail: `The jobs Durable Object cannot open its storage: ${(error as Error).message}`,
          })
        }
      })
    }

    submit(
      provider: ProviderId,
      operation: string,
      input: unknown,
      owner: string,
      webhook?: WebhookSubscription,
    ) {
      return this.#call(provider, (jobs) =>
        jobs.submit(provider, operation, input, owner, { webhook }),
      )
    }

    deliveries(handle: Parameters<ProviderJobsRpc['deliveries']>[0], owner: string) {
      return this.#call(handle.provider, (jobs) => jobs.deliveries(handle, owner))
    }

    redeliver(handle: Parameters<ProviderJobsRpc['redeliver']>[0], owner: string) {
      return this.#call(handle.provider, (jobs) => jobs.redeliver(handle, owner))
    }

    submitOnce(
      provider: ProviderId,
      operation: string,
      input: unknown,
      owner: string,
      idempotency: SubmitIdempotency,
      webhook?: WebhookSubscription,
    ) {
      return this.#call(provider, (jobs) =>
        jobs.submitOnce(provider, operation, input, owner, idempotency, { webhook }),
      )
    }

    claimKey(owner: string, key: string, fingerprint: string) {
      return outcome(async () => {
        const now = this.#clock.now()
        const expiresAt = now + DEFAULT_IDEMPOTENCY_TTL_MS
        const store = this.#openStore()
        // Swept as it is used, hourly at most (a lapsed key is replaced by the claim itself).
        if (now - this.#sweptAt >= 60 * 60 * 1000) {
          this.#sweptAt = now
          await store.sweepSubmits(now)
        }
        const held = await store.claimSubmit({ owner, key, fingerprint, claimedAt: now, expiresAt })
        return held && held.fingerprint !== fingerprint ? held.fingerprint : null
      }, noRedaction)
    }

    releaseKey(owner: string, key: string) {
      return outcome(() => this.#openStore().releaseSubmit(owner, key), noRedaction)
    }

    get(handle: Parameters<ProviderJobsRpc['get']>[0], owner: string) {
      return this.#call(handle.provider, (jobs) => jobs.get(handle, owner))
    }

    watch(
      handle: Parameters<ProviderJobsRpc['watch']>[0],
      owner: string,
      timeoutMs: number | undefined,
      onJob: (job: Awaited<ReturnType<GatewayJobs['get']>>) => Promise<void>,
    ): Promise<Outcome<null>> {
      return this.#call(handle.provider, async (jobs) => {
        // onJob rejecting (the Worker's watcher left) ends this loop, and so the watch.
        for await (const job of jobs.watch(handle, owner, { timeoutMs })) await onJob(job)
        return null
      })
    }

    list(query: Parameters<ProviderJobsRpc['list']>[0]) {
      // An object never started holds no job: an empty page, without claiming the object.
      if (!this.#engine) return Promise.resolve({ ok: true as const, value: EMPTY_PAGE })
      return this.#call(query.provider, (jobs) => jobs.list(query))
    }

    image(handle: Parameters<ProviderJobsRpc['image']>[0], index: number) {
      return this.#call(handle.provider, (jobs) => jobs.image(handle, index))
    }

    metrics() {
      const provider = this.#provider
      if (!this.#engine || !provider) {
        return Promise.resolve({
          ok: true as const,
          value: { upstream: [], jobs: [], watchers: [], budget: [] },
        })
      }
      return this.#call(provider, (jobs) => jobs.metrics())
    }

    /** The alarm handler: the scheduler's sleep is over; lasts until the polls it starts end. */
    async alarm(): Promise<void> {
      await this.#clock.alarm()
    }

    /** The object's store, for the key index (which starts no provider's engine). */
    #openStore(): SqlJobStore {
      if (this.#failure) throw this.#failure
      return this.#store as SqlJobStore
    }

    async #call<T>(provider: ProviderId, work: (jobs: GatewayJobs) => Promise<T>) {
      let redact = (text: string) => text
      return outcome(
        async () => {
          if (this.#failure) throw this.#failure
          if (!this.#engine) {
            await this.ctx.storage.put(PROVIDER_KEY, provider)
            await this.#start(provider)
          }
          if (this.#provider !== provider) {
            throw new HttpProblem({
              status: 500,
              code: 'internal',
              detail: `This Durable Object holds ${this.#provider}'s jobs, not ${provider}'s: route each provider to idFromName(provider).`,
            })
          }
          const engine = this.#engine as Engine
          redact = engine.redact
          return work(engine.jobs)
        },
        (text) => redact(text),
      )
    }

    /** One tracker (this provider's adapter, its one budget) and hub over the object's store. */
    async #start(provider: ProviderId): Promise<void> {
      if (!PROVIDER_IDS.includes(provider)) {
        throw new HttpProblem({
          status: 500,
          code: 'internal',
          detail: `No provider "${provider}" in this build's catalogue.`,
        })
      }
      const vars = Object.fromEntries(
        Object.entries(this.env).filter((e): e is [string, string] => typeof e[1] === 'string'),
      )
      const config = loadConfig(vars)
      const tally = new UpstreamTally()
      const clock = this.#clock
      const adapter = adaptersFor(config, {
        clock,
        onRequest: tally.onRequest,
        storage: this.ctx.storage,
      })[provider]
      const adapters = adapter ? { [provider]: adapter } : {}
      const tracker = new JobTracker({
        adapters: Object.values(adapters),
        clock,
        timeoutMs: HELD_JOB_TIMEOUT_MS,
      })
      const store = this.#store as SqlJobStore
      // Deliveries wait on the alarm like polls do; each request's 10 s timeout is real time.
      // No DNS here: literal addresses and local names are refused, and Cloudflare's fetch does
      // not reach private networks.
      const policy = webhookPolicy(config)
      const dispatcher = gatewayDispatcher({
        store,
        config,
        clock,
        requestClock: clock.outbound,
        fetch: options.webhookFetch?.(this.env),
        checkUrl: async (url) => webhookUrlRefusal(url, policy),
        onError: (error) => console.error(`webhook outbox: ${String(error)}`),
      })
      const hub = new JobHub({
        tracker,
        store,
        clock,
        onWriteError: (error, key) =>
          console.error(`job store write failed for ${key}: ${String(error)}`),
        webhooks: { onEnqueued: () => dispatcher.wake() },
      })
      const redact = createRedactor(config.secrets)
      // Succeeded jobs' images go to the R2 bucket, swept by this object's alarm at the earliest
      // expiry (never sooner: an alarm wakes the object, which costs).
      const bucket = this.env[IMAGES_BINDING] as R2BucketLike | undefined
      const images =
        bucket &&
        new GatewayImages({
          storage: r2ImageStorage(bucket),
          config: config.images,
          clock,
          sweepEveryMs: null,
          log: (message) => console.warn(redact(message)),
        })
      const jobs = hubJobs({ adapters, hub, tracker, tally, images })
      this.#provider = provider
      this.#engine = { jobs, redact, dispatcher }
      await jobs.resume()
      // Evicted with deliveries pending: they resume at their planned times (the alarm).
      dispatcher.start()
    }
  }
}
