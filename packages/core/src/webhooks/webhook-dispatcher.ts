import { type Clock, systemClock } from '../clock/clock.js'
import type { Job } from '../model/job.js'
import type { JobStore } from '../store/job-store.js'
import type { WebhookAttempt, WebhookDelivery } from '../store/webhook-outbox.js'
import { webhookRetryDelay } from './retry-schedule.js'
import { sendWebhook } from './send-webhook.js'
import type { WebhookEvent } from './webhook-event.js'

/** Options of {@link WebhookDispatcher}. */
export interface WebhookDispatcherOptions {
  /** The store whose outbox it works through (`JobStore`'s `WebhookOutbox` part). */
  store: Pick<JobStore, 'dueDeliveries' | 'nextDeliveryAt' | 'recordAttempt'>
  /**
   * The owner's `whsec_` secret, looked up at each attempt by the API key's name (never stored,
   * never logged); null when the owner has none now (the delivery then fails, said so). Required.
   */
  secretFor: (owner: string) => string | null
  /**
   * The job as the gateway presents it (its token as `id`, its own image URLs), for the body's
   * `data`. Required.
   */
  present: (job: Job, owner: string) => Job | Promise<Job>
  /**
   * Checks a URL again before each attempt; resolves with why it is refused (the delivery
   * fails, not retried), or null to send. Default: every URL is sent to.
   */
  checkUrl?: ((url: string) => Promise<string | null>) | undefined
  /** Sends the POSTs (the gateway's DNS-pinned one on Node). Default: the global `fetch`. */
  fetch?: typeof fetch | undefined
  /** When attempts are due: the scheduling clock (a Durable Object's `AlarmClock`). Default: the wall clock. */
  clock?: Clock | undefined
  /**
   * Times each request (its 10 s timeout, and `track` so an alarm lasts until it ends).
   * Default: `clock`.
   */
  requestClock?: Clock | undefined
  /** Source of jitter in [0, 1]. Default `Math.random`. */
  random?: (() => number) | undefined
  /** Told of an error of the outbox itself (a store write failed). Default: `console.warn`. */
  onError?: ((error: unknown) => void) | undefined
}

/** How many deliveries are sent at once; more due wait for the next batch. */
const BATCH = 8
/** After a failing store read, how long until the outbox is read again, in ms. */
const STORE_RETRY_MS = 5_000

/**
 * Works through a store's webhook outbox: sends every due delivery (signed per Standard
 * Webhooks, see `sendWebhook`), records each attempt, and schedules the next by
 * `webhookRetryDelay` (network errors, timeouts, 5xx and 429 only; a 3xx or another 4xx fails the
 * delivery). At least once: an attempt is recorded after it was sent, so a crash in between sends
 * it again, with the same `webhook-id`. Survives restarts by construction: everything it knows is
 * in the store, so `start()` on a new process resumes every pending delivery at its time.
 */
export class WebhookDispatcher {
  readonly #options: WebhookDispatcherOptions
  readonly #clock: Clock
  readonly #requestClock: Clock
  readonly #fetch: typeof fetch
  readonly #random: () => number
  readonly #onError: (error: unknown) => void
  #loop: Promise<void> | null = null
  #closed = false
  #wake: AbortController = new AbortController()
  #woken = false
  /** Aborts the attempts in flight when closing. */
  readonly #stop = new AbortController()

  constructor(options: WebhookDispatcherOptions) {
    this.#options = options
    this.#clock = options.clock ?? systemClock
    this.#requestClock = options.requestClock ?? this.#clock
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
    this.#random = options.random ?? Math.random
    this.#onError = options.onError ?? ((error) => console.warn(`Webhook outbox: ${String(error)}`))
  }

  /** Starts working through the outbox (what is pending now included). Calling it again does nothing. */
  start(): void {
    if (this.#closed || this.#loop) return
    this.#loop = this.#run()
  }

  /** Something was enqueued or redelivered: look at the outbox now rather than at its next plan. */
  wake(): void {
    this.#woken = true
    this.#wake.abort()
  }

  /**
   * Stops: attempts in flight are abandoned unrecorded (so the next start sends them again, the
   * same `webhook-id`: at least once), pending deliveries stay for the next start.
   */
  async close(): Promise<void> {
    this.#closed = true
    this.#stop.abort(new DOMException('The webhook dispatcher closed.', 'AbortError'))
    this.#wake.abort()
    await this.#loop
  }

  async #run(): Promise<void> {
    // Each step is tracked on the scheduling clock: a virtual clock holds time still while it
    // runs (signing and the store are real asynchronous work), and a Durable Object's alarm
    // lasts until the deliveries it woke are sent and recorded.
    const track = this.#clock.track?.bind(this.#clock) ?? (<T>(work: Promise<T>) => work)
    while (!this.#closed) {
      this.#woken = false
      this.#wake = new AbortController()
      const waitMs = await track(this.#step())
      if (this.#closed || this.#woken || waitMs === 0) continue
      await this.#wait(waitMs)
    }
  }

  /** Sends one batch of due deliveries; resolves with how long to wait (null: until woken). */
  async #step(): Promise<number | null> {
    try {
      const due = await this.#options.store.dueDeliveries(this.#clock.now(), BATCH)
      await Promise.all(due.map((delivery) => this.#attempt(delivery)))
      if (due.length > 0) return 0
      const next = await this.#options.store.nextDeliveryAt()
      return next === null ? null : Math.max(0, next - this.#clock.now())
    } catch (error) {
      this.#onError(error)
      return STORE_RETRY_MS
    }
  }

  /** Until `ms` have passed (never, for null) or `wake()`/`close()`. */
  async #wait(ms: number | null): Promise<void> {
    const signal = this.#wake.signal
    if (ms === null) {
      await new Promise<void>((resolve) =>
        signal.addEventListener('abort', () => resolve(), { once: true }),
      )
      return
    }
    await this.#clock.sleep(ms, signal).catch(() => undefined)
  }

  async #attempt(delivery: WebhookDelivery): Promise<void> {
    const { store, secretFor, present, checkUrl } = this.#options
    const now = this.#requestClock.now()
    const refuse = (excerpt: string): WebhookAttempt => ({
      at: now,
      status: null,
      error: 'refused',
      durationMs: 0,
      excerpt,
    })
    const refusal = checkUrl ? await checkUrl(delivery.url) : null
    const secret = secretFor(delivery.owner)
    if (refusal !== null || !secret) {
      const why = refusal ?? `no webhook secret is configured for the API key "${delivery.owner}"`
      await store.recordAttempt(delivery.id, refuse(`not sent: ${why}`), {
        state: 'failed',
        nextAttemptAt: null,
      })
      return
    }
    const event: WebhookEvent = {
      type: delivery.type,
      timestamp: new Date(delivery.occurredAt).toISOString(),
      data: await present(delivery.snapshot, delivery.owner),
    }
    const sent = await sendWebhook({
      id: delivery.id,
      url: delivery.url,
      body: JSON.stringify(event),
      secret,
      fetch: this.#fetch,
      clock: this.#requestClock,
      signal: this.#stop.signal,
    })
    if (this.#closed) return
    const delay = sent.retryable
      ? webhookRetryDelay(delivery.attempts + 1, this.#random(), sent.retryAfterMs)
      : null
    const outcome = sent.delivered
      ? { state: 'delivered' as const, nextAttemptAt: null }
      : delay === null
        ? { state: 'failed' as const, nextAttemptAt: null }
        : { state: 'pending' as const, nextAttemptAt: this.#clock.now() + delay }
    await store.recordAttempt(delivery.id, sent.attempt, outcome)
  }
}
