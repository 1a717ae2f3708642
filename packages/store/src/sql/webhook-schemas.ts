import { JobSchema } from '@darkroom/core'
import { WebhookEventTypeSchema } from '@darkroom/core/webhooks'
import * as v from 'valibot'

const epochMs = v.pipe(v.number(), v.safeInteger('must be whole epoch milliseconds'), v.minValue(0))
const counter = v.pipe(v.number(), v.safeInteger('must be a whole number'), v.minValue(0))
const text = v.pipe(v.string(), v.minLength(1, 'must not be empty'))

/** A subscription as the outbox keeps it: a URL and at least one event, each once. */
export const WebhookSubscriptionSchema = v.strictObject({
  url: text,
  events: v.pipe(
    v.array(WebhookEventTypeSchema),
    v.minLength(1, 'must list at least one event'),
    v.check((events) => new Set(events).size === events.length, 'must list each event once'),
  ),
})

/** One attempt of the log. */
export const WebhookAttemptSchema = v.strictObject({
  at: epochMs,
  status: v.nullable(v.pipe(v.number(), v.safeInteger(), v.minValue(100), v.maxValue(599))),
  error: v.nullable(v.picklist(['network', 'timeout', 'refused', 'redirect', 'status'])),
  durationMs: counter,
  excerpt: v.pipe(v.string(), v.maxLength(256)),
})

/** A delivery as enqueued and read back. */
export const WebhookDeliverySchema = v.strictObject({
  id: v.pipe(v.string(), v.startsWith('msg_', 'must be a msg_ id'), v.maxLength(100)),
  jobKey: text,
  owner: text,
  type: WebhookEventTypeSchema,
  occurredAt: epochMs,
  snapshot: JobSchema,
  url: text,
  state: v.picklist(['pending', 'delivered', 'failed']),
  attempts: counter,
  nextAttemptAt: v.nullable(epochMs),
  log: v.array(WebhookAttemptSchema),
})

/** `recordAttempt`'s outcome. */
export const WebhookAttemptOutcomeSchema = v.strictObject({
  state: v.picklist(['pending', 'delivered', 'failed']),
  nextAttemptAt: v.nullable(epochMs),
})
