/**
 * Verifies a Darkroom gateway's webhook delivery per the Standard Webhooks specification, with
 * Web Crypto (nothing added to a bundle) and core's signing helpers, which the gateway signs with.
 */
import { type Clock, systemClock } from '@darkroom/core'
import { timingSafeEqual } from '@darkroom/core/signing'
import {
  type WebhookEvent,
  WebhookEventSchema,
  webhookKey,
  webhookSignature,
} from '@darkroom/core/webhooks'
import * as v from 'valibot'
import { WebhookVerificationError } from './webhook-verification-error.js'

/** Five minutes, as the specification recommends. */
const DEFAULT_TOLERANCE_SECONDS = 300

/** A delivery as a framework hands it over, when it is not a `Request`. */
export interface WebhookDelivery {
  /** The raw body, exactly as received: a re-serialized JSON object will not verify. */
  body: string | Uint8Array
  /**
   * The request's headers: a `Headers`, or a record in any case (Node's `request.headers` as it
   * is; a list value, a repeated header, is joined with spaces).
   */
  headers: Headers | Record<string, string | readonly string[] | undefined>
}

/** Options of {@link verifyWebhook}. */
export interface VerifyWebhookOptions {
  /**
   * How far `webhook-timestamp` may be from now, in seconds, either way: older deliveries are
   * refused as replays, newer ones as forged. Default: 300 (five minutes).
   */
  toleranceSeconds?: number | undefined
  /** Where "now" comes from; pass core's `VirtualClock` in tests. Default: the wall clock. */
  clock?: Pick<Clock, 'now'> | undefined
}

function fail(reason: WebhookVerificationError['reason'], message: string): never {
  throw new WebhookVerificationError(message, { reason })
}

// By shape, not `instanceof`: a framework's `Request` or `Headers` may come from another realm
// or a polyfill.
function isRequest(delivery: Request | WebhookDelivery): delivery is Request {
  return typeof (delivery as Request).arrayBuffer === 'function'
}

function headerOf(headers: WebhookDelivery['headers'], name: string): string | null {
  if (typeof headers.get === 'function') return (headers as Headers).get(name)
  // Frameworks give header records in any case; HTTP names are case-insensitive.
  for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
    if (key.toLowerCase() !== name) continue
    if (typeof value === 'string') return value
    if (Array.isArray(value)) return value.join(' ')
  }
  return null
}

/** The raw bytes: `text()` would replace bytes that are not UTF-8, and the signature with them. */
async function bodyOf(request: Request): Promise<Uint8Array> {
  if (request.bodyUsed) {
    throw new TypeError(
      "The request's body was already read: pass { body, headers } with the raw body you read instead.",
    )
  }
  return new Uint8Array(await request.arrayBuffer())
}

/**
 * Checks a webhook delivery from a Darkroom gateway and returns its event. Give it the `Request`
 * (its body is read once here) or the raw body and headers, and the endpoint's `whsec_` secret.
 * Throws a {@link WebhookVerificationError} whose `reason` says which check failed; act on
 * nothing it refuses.
 */
export async function verifyWebhook(
  delivery: Request | WebhookDelivery,
  secret: string,
  options: VerifyWebhookOptions = {},
): Promise<WebhookEvent> {
  // The secret first: a misconfigured receiver would otherwise refuse every delivery as forged.
  const key = webhookKey(secret)
  if (!key) {
    fail(
      'bad-secret',
      'The webhook secret is not `whsec_` followed by base64: pass the endpoint secret exactly as it was issued.',
    )
  }
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS
  if (!Number.isFinite(tolerance) || tolerance < 0) {
    throw new RangeError(
      `toleranceSeconds must be a finite number of seconds ≥ 0, got ${tolerance}.`,
    )
  }
  const request = isRequest(delivery) ? delivery : null
  const headers = delivery.headers
  const id = headerOf(headers, 'webhook-id')
  const timestamp = headerOf(headers, 'webhook-timestamp')
  const signatures = headerOf(headers, 'webhook-signature')
  const missing = Object.entries({
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': signatures,
  })
    .filter(([, value]) => !value)
    .map(([name]) => name)
  if (!id || !timestamp || !signatures) {
    fail(
      'missing-header',
      `The delivery has no ${missing.join(', ')} header: pass the request's headers unchanged (a proxy may have dropped them).`,
    )
  }
  if (!/^\d{1,15}$/.test(timestamp)) {
    fail('bad-timestamp', 'The webhook-timestamp header is not whole seconds since the Unix epoch.')
  }
  const skew = Math.floor((options.clock ?? systemClock).now() / 1000) - Number(timestamp)
  if (Math.abs(skew) > tolerance) {
    fail(
      'outside-tolerance',
      `The delivery was signed ${Math.abs(skew)} s ${skew > 0 ? 'ago' : 'in the future'}, beyond the ${tolerance} s tolerance: refuse it as a replay, or check this machine's clock.`,
    )
  }
  const body = request ? await bodyOf(request) : (delivery as WebhookDelivery).body
  const expected = await webhookSignature(key, id, timestamp, body)
  // Every candidate is compared in full, so the time taken says nothing about which one matched.
  let matched = false
  for (const candidate of signatures.split(' ')) {
    if (candidate.startsWith('v1,') && timingSafeEqual(candidate, expected)) matched = true
  }
  if (!matched) {
    fail(
      'bad-signature',
      "No v1 signature in webhook-signature matches the body: check the secret is this endpoint's, and pass the raw body, not re-serialized JSON.",
    )
  }
  return parseEvent(body)
}

function parseEvent(body: string | Uint8Array): WebhookEvent {
  let json: unknown
  try {
    json = JSON.parse(
      typeof body === 'string' ? body : new TextDecoder('utf-8', { fatal: true }).decode(body),
    )
  } catch (cause) {
    throw new WebhookVerificationError(
      'The signed body is not UTF-8 JSON: it is not a Darkroom webhook event.',
      {
        reason: 'bad-body',
        cause,
      },
    )
  }
  const parsed = v.safeParse(WebhookEventSchema, json)
  if (!parsed.success) {
    const fields = parsed.issues.map((issue) => v.getDotPath(issue) ?? '(root)').join(', ')
    throw new WebhookVerificationError(
      `The signed body is not a Darkroom webhook event (fields: ${fields}): check the sender is a Darkroom gateway of a compatible version.`,
      { reason: 'bad-body' },
    )
  }
  return parsed.output
}
