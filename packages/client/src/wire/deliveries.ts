import { WebhookEventTypeSchema } from '@darkroom/core/webhooks'
import * as v from 'valibot'

const iso = v.pipe(v.string(), v.isoTimestamp('must be an ISO 8601 timestamp'))

/** One attempt to deliver a webhook, as `GET /v1/jobs/:id/deliveries` shows it. */
export const WebhookAttemptAnswerSchema = v.object({
  /** When it was sent. */
  at: iso,
  /** The receiver's HTTP status; null when none arrived. */
  status: v.nullable(v.number()),
  /**
   * Why it did not count, null when it did: `network`, `timeout`, `refused` (not sent: the URL
   * failed the safety check, the key has no secret, the body was too large), `redirect` (a 3xx,
   * never followed), `status` (another non-2xx answer).
   */
  error: v.nullable(v.picklist(['network', 'timeout', 'refused', 'redirect', 'status'])),
  /** From sending to the answer read, in ms. */
  durationMs: v.number(),
  /** The start of the answer's body (or of what went wrong), at most 256 characters. */
  excerpt: v.string(),
})

/** One webhook delivery of a job: its event, where it stands, and every attempt. */
export const WebhookDeliveryAnswerSchema = v.object({
  /** The `webhook-id`: the same on every attempt and on a redelivery. */
  id: v.string(),
  type: WebhookEventTypeSchema,
  /** When the event happened (the body's `timestamp`). */
  occurredAt: iso,
  url: v.string(),
  /** `pending` (to be sent or retried), `delivered` (a 2xx came back) or `failed` (given up). */
  state: v.picklist(['pending', 'delivered', 'failed']),
  /** Attempts since it was enqueued or last redelivered (its place in the retry schedule). */
  attempts: v.number(),
  /** When the next attempt is due; null once delivered or failed. */
  nextAttemptAt: v.nullable(iso),
  /** The attempts, oldest first (the newest 40). */
  log: v.array(WebhookAttemptAnswerSchema),
})

/** One webhook delivery of a job. */
export type WebhookDeliveryAnswer = v.InferOutput<typeof WebhookDeliveryAnswerSchema>

/** The answer of `GET /v1/jobs/:id/deliveries`: the job's deliveries, oldest first. */
export const WebhookDeliveriesAnswerSchema = v.object({
  deliveries: v.array(WebhookDeliveryAnswerSchema),
})
