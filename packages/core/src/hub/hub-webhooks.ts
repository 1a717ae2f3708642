import { isTerminalState, type Job } from '../model/job.js'
import { toBase64Url } from '../signing/crypto-utils.js'
import type { WebhookDelivery, WebhookSubscription } from '../store/webhook-outbox.js'
import type { WebhookEventType } from '../webhooks/webhook-event.js'
import { storableSnapshot } from './storable-snapshot.js'

/** Options of the hub's webhook events (`JobHubOptions.webhooks`). */
export interface HubWebhookOptions {
  /**
   * The least time between two `job.progress` deliveries of one job, in ms; a progress seen
   * sooner is not delivered (the next changed one after the gap is). Default 10 000.
   */
  progressIntervalMs?: number | undefined
  /** Told after a write enqueued deliveries (the dispatcher's `wake`). Default: nothing. */
  onEnqueued?: (() => void) | undefined
}

/** The terminal events, by the state that produces them. */
const TERMINAL: Record<'succeeded' | 'failed' | 'canceled', WebhookEventType> = {
  succeeded: 'job.succeeded',
  failed: 'job.failed',
  canceled: 'job.canceled',
}

interface Watched {
  owner: string
  webhook: WebhookSubscription
  terminal: boolean
  progress: number | null
  progressAt: number
}

/** A new `webhook-id`: `msg_` and 128 random bits. */
export function newWebhookId(): string {
  return `msg_${toBase64Url(crypto.getRandomValues(new Uint8Array(16)))}`
}

/**
 * Which webhook events a job's snapshots produce, for the hub to enqueue with the write of the
 * snapshot: a terminal event once, when a subscribed job first reaches its terminal state, and
 * `job.progress` on a changed progress at most once per `progressIntervalMs`. What it remembers
 * is in memory (the subscriptions come back from the store on `resume`), so at worst a restart
 * lets one progress event through early; never a terminal one twice, since the terminal
 * snapshot and its delivery are written together.
 */
export class HubWebhooks {
  readonly #jobs = new Map<string, Watched>()
  readonly #intervalMs: number
  readonly onEnqueued: () => void

  constructor(options: HubWebhookOptions = {}) {
    this.#intervalMs = options.progressIntervalMs ?? 10_000
    this.onEnqueued = options.onEnqueued ?? (() => undefined)
  }

  /** Subscribed jobs not yet terminal (what is kept in memory). */
  get size(): number {
    return this.#jobs.size
  }

  /** Starts producing events for a subscribed job, from its current snapshot. */
  watch(key: string, owner: string, webhook: WebhookSubscription, snapshot: Job): void {
    this.#jobs.set(key, {
      owner,
      webhook,
      terminal: isTerminalState(snapshot.state),
      progress: snapshot.progress,
      // The first changed progress goes out at once; later ones at most once per interval.
      progressAt: Number.NEGATIVE_INFINITY,
    })
  }

  /** The deliveries this snapshot of `key` produces (none for a job not subscribed). */
  deliveriesFor(key: string, job: Job, now: number): WebhookDelivery[] {
    const watched = this.#jobs.get(key)
    if (!watched || watched.terminal) return []
    const type = this.#eventOf(watched, job, now)
    // A terminal job produces nothing more: forgotten, so the map holds unfinished jobs only.
    if (watched.terminal) this.#jobs.delete(key)
    if (type === null || !watched.webhook.events.includes(type)) return []
    return [
      {
        id: newWebhookId(),
        jobKey: key,
        owner: watched.owner,
        type,
        occurredAt: now,
        snapshot: storableSnapshot(job),
        url: watched.webhook.url,
        state: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        log: [],
      },
    ]
  }

  #eventOf(watched: Watched, job: Job, now: number): WebhookEventType | null {
    if (isTerminalState(job.state)) {
      watched.terminal = true
      return TERMINAL[job.state as keyof typeof TERMINAL]
    }
    const changed = job.progress !== null && job.progress !== watched.progress
    if (!changed || now - watched.progressAt < this.#intervalMs) return null
    if (!watched.webhook.events.includes('job.progress')) return null
    watched.progress = job.progress
    watched.progressAt = now
    return 'job.progress'
  }
}
