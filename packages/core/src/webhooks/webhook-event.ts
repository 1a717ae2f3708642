import * as v from 'valibot'
import { JobSchema } from '../model/job.js'

/** The events a Darkroom gateway delivers to a webhook endpoint. */
export const WebhookEventTypeSchema = v.picklist([
  'job.succeeded',
  'job.failed',
  'job.canceled',
  'job.progress',
])
/** The events a Darkroom gateway delivers to a webhook endpoint. */
export type WebhookEventType = v.InferOutput<typeof WebhookEventTypeSchema>

/** The body of one webhook delivery: what happened, when, and the job's snapshot. */
export const WebhookEventSchema = v.object({
  type: WebhookEventTypeSchema,
  /** When the event happened, ISO 8601 (the delivery's `webhook-timestamp` is when it was sent). */
  timestamp: v.pipe(v.string(), v.isoTimestamp('must be an ISO 8601 timestamp')),
  /** The job as it was when the event happened. */
  data: JobSchema,
})
/** The body of one webhook delivery: what happened, when, and the job's snapshot. */
export type WebhookEvent = v.InferOutput<typeof WebhookEventSchema>
