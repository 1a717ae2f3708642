import { WebhookEventTypeSchema } from '@darkroom/core/webhooks'
import * as v from 'valibot'

/** The events a webhook gets when its request names none: the three terminal ones. */
export const DEFAULT_WEBHOOK_EVENTS = ['job.succeeded', 'job.failed', 'job.canceled'] as const

/** The longest webhook URL accepted, in characters. */
export const MAX_WEBHOOK_URL_LENGTH = 2048

const isHttpUrl = (text: string) => {
  try {
    const url = new URL(text)
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password
  } catch {
    return false
  }
}

/**
 * `webhook` on `POST /v1/jobs`: where the gateway POSTs the job's events, signed per Standard
 * Webhooks with the API key's secret. The URL's syntax is checked here; whether the gateway may
 * send to it (https, no private address) is the gateway's check.
 */
export const WebhookRequestSchema = v.strictObject(
  {
    /** An absolute http(s) URL without credentials; in production https and a public address. */
    url: v.pipe(
      v.string('must be a string'),
      v.maxLength(MAX_WEBHOOK_URL_LENGTH, `must be at most ${MAX_WEBHOOK_URL_LENGTH} characters`),
      v.check(isHttpUrl, 'must be an absolute http(s) URL without user or password'),
    ),
    /** Which events to deliver. Default: `job.succeeded`, `job.failed`, `job.canceled`. */
    events: v.optional(
      v.pipe(
        v.array(
          v.picklist(
            WebhookEventTypeSchema.options,
            `must be one of ${WebhookEventTypeSchema.options.join(', ')}`,
          ),
          'must be a list of events',
        ),
        v.minLength(1, 'must list at least one event (or be left out for the terminal ones)'),
        v.check((events) => new Set(events).size === events.length, 'must list each event once'),
      ),
      () => [...DEFAULT_WEBHOOK_EVENTS],
    ),
  },
  (issue) =>
    issue.expected === 'never'
      ? 'is not a member of a webhook (members: url, events)'
      : 'is required',
)

/** A checked `webhook`, its events defaulted. */
export type WebhookRequest = v.InferOutput<typeof WebhookRequestSchema>
