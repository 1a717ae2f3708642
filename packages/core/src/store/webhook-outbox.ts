import type { Job } from '../model/job.js'
import type { WebhookEventType } from '../webhooks/webhook-event.js'

/**
 * What a caller asked to be told about a job (`webhook` on `POST /v1/jobs`), kept with the job.
 * Holds no secret: the signing secret is looked up by the owner's key name at delivery time.
 */
export interface WebhookSubscription {
  /** Where deliveries are POSTed: an absolute http(s) URL, checked by the gateway. */
  url: string
  /** Which events are delivered; not empty, each once. */
  events: WebhookEventType[]
}

/** Where a delivery is: still to be sent (or retried), received, or given up on. */
export type WebhookDeliveryState = 'pending' | 'delivered' | 'failed'

/** One attempt to deliver, as the attempt log keeps it. No header, no secret. */
export interface WebhookAttempt {
  /** When it was sent, epoch milliseconds. */
  at: number
  /** The receiver's HTTP status; null when none arrived (see `error`). */
  status: number | null
  /**
   * Why it did not count as received, null when it did: `network` (no answer), `timeout` (no
   * answer within the timeout), `refused` (the URL failed the safety check before sending),
   * `redirect` (a 3xx: never followed), `status` (any other non-2xx answer).
   */
  error: 'network' | 'timeout' | 'refused' | 'redirect' | 'status' | null
  /** From sending to the answer's (bounded) body read, in ms. */
  durationMs: number
  /** The start of the answer's body (or of the failure's description), at most 256 characters. */
  excerpt: string
}

/** One event to be delivered to a job's webhook: an entry of the outbox. */
export interface WebhookDelivery {
  /** The `webhook-id` (`msg_…`): the same on every attempt and on a redelivery. */
  id: string
  /** The job's key in the store. */
  jobKey: string
  /** The job's owner (an API key's name): whose secret signs it, and whose token `data.id` is. */
  owner: string
  /** The event. */
  type: WebhookEventType
  /** When the event happened, epoch milliseconds (the body's `timestamp`). */
  occurredAt: number
  /** The job as it was when the event happened (storable: no signed URL, no raw payload). */
  snapshot: Job
  /** Where it is POSTed (the subscription's URL when it was enqueued). */
  url: string
  state: WebhookDeliveryState
  /**
   * Attempts since it was enqueued or last redelivered: its place in the retry schedule. The
   * log keeps every attempt (up to {@link MAX_ATTEMPT_LOG}).
   */
  attempts: number
  /** When the next attempt is due, epoch milliseconds; null once delivered or failed. */
  nextAttemptAt: number | null
  /** The attempts, oldest first: the last {@link MAX_ATTEMPT_LOG} of them. */
  log: WebhookAttempt[]
}

/** How many attempts a delivery's log keeps (the newest); a schedule round is 8. */
export const MAX_ATTEMPT_LOG = 40

/** What {@link WebhookOutbox.recordAttempt} sets after an attempt. */
export interface WebhookAttemptOutcome {
  state: WebhookDeliveryState
  /** The next attempt's time while `pending`; null otherwise. */
  nextAttemptAt: number | null
}

/**
 * The webhook outbox of a job store: subscriptions kept with their jobs, and deliveries enqueued
 * in the same write as the snapshot that produced their event (`JobStore.update`'s third
 * argument), so an event is never lost between the two nor sent for a snapshot not stored.
 */
export interface WebhookOutbox {
  /** The subscription kept with the job (`JobStore.insert`'s second argument), or null. */
  webhookOf(key: string): Promise<WebhookSubscription | null>
  /** The job's deliveries, oldest first. */
  deliveries(key: string): Promise<WebhookDelivery[]>
  /**
   * Pending deliveries due by `now` (their `nextAttemptAt` at or before it), soonest first, at
   * most `limit` (a positive integer).
   */
  dueDeliveries(now: number, limit: number): Promise<WebhookDelivery[]>
  /** The soonest `nextAttemptAt` of any pending delivery, or null when none is pending. */
  nextDeliveryAt(): Promise<number | null>
  /**
   * Appends an attempt to a delivery's log (keeping the newest {@link MAX_ATTEMPT_LOG}), counts
   * it and sets its outcome. Resolves false for an unknown id.
   */
  recordAttempt(
    id: string,
    attempt: WebhookAttempt,
    outcome: WebhookAttemptOutcome,
  ): Promise<boolean>
  /**
   * Makes the job's last delivery pending again, due at `now`, its schedule restarted (attempts
   * 0, log kept): the same `webhook-id`. Resolves with it, or null when the job has none.
   */
  redeliver(key: string, now: number): Promise<WebhookDelivery | null>
}
