/**
 * Webhook signing per the Standard Webhooks specification (https://www.standardwebhooks.com):
 * HMAC-SHA256 over `${id}.${timestamp}.${body}`, keyed with the base64-decoded `whsec_` secret,
 * sent as `v1,<base64>`. Web Crypto only: the client's `verifyWebhook` shares these helpers, and
 * Web Crypto adds nothing to a browser or Worker bundle.
 */
import { ConfigurationError } from '../errors/subclasses.js'
import { fromBase64, toBase64, utf8 } from '../signing/crypto-utils.js'

/** The prefix Standard Webhooks puts before a secret's base64 key. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_'

/** The three headers of a signed delivery, named as Standard Webhooks names them. */
export interface WebhookHeaders {
  /** The delivery's id: the same across retries of one event, so receivers can deduplicate. */
  'webhook-id': string
  /** When the delivery was signed, in whole seconds since the Unix epoch. */
  'webhook-timestamp': string
  /** Space-separated `v1,<base64>` signatures; a receiver accepts any one that matches. */
  'webhook-signature': string
}

/** What {@link signWebhook} signs. */
export interface SignWebhookInput {
  /** The delivery's id (`webhook-id`), e.g. `msg_…`; not empty. Retries of one event reuse it. */
  id: string
  /** When the delivery is sent, in whole seconds since the Unix epoch (a `Date` is converted). */
  timestamp: number | Date
  /** The exact body that will be sent: the same bytes must reach the receiver. */
  body: string | Uint8Array
  /** The endpoint's secret, `whsec_<base64>` (the prefix may be left out). */
  secret: string
}

/**
 * The HMAC key of a `whsec_<base64>` secret (the prefix is optional, as the reference library
 * has it), or null when the rest is not base64 or decodes to nothing.
 */
export function webhookKey(secret: string): Uint8Array<ArrayBuffer> | null {
  const encoded = secret.startsWith(WEBHOOK_SECRET_PREFIX)
    ? secret.slice(WEBHOOK_SECRET_PREFIX.length)
    : secret
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return null
  try {
    const key = fromBase64(encoded)
    return key.length > 0 ? key : null
  } catch {
    return null
  }
}

/**
 * The `v1,<base64>` signature of one delivery. `timestamp` is the header's text, signed as sent,
 * so a receiver signs exactly what it received.
 */
export async function webhookSignature(
  key: Uint8Array<ArrayBuffer>,
  id: string,
  timestamp: string,
  body: string | Uint8Array,
): Promise<string> {
  const prefix = utf8(`${id}.${timestamp}.`)
  const bodyBytes = typeof body === 'string' ? utf8(body) : body
  const content = new Uint8Array(prefix.length + bodyBytes.length)
  content.set(prefix)
  content.set(bodyBytes, prefix.length)
  const cryptoKey = await crypto.subtle.importKey(
    'raw',
    key,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  return `v1,${toBase64(new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, content)))}`
}

/**
 * Signs one webhook delivery: the three headers to send with `body`. Throws a
 * `ConfigurationError` (naming neither the secret nor its bytes) when the secret is not
 * `whsec_<base64>`, the id is empty or the timestamp is not whole seconds.
 */
export async function signWebhook(input: SignWebhookInput): Promise<WebhookHeaders> {
  const key = webhookKey(input.secret)
  if (!key) {
    throw new ConfigurationError(
      'The webhook secret is not `whsec_` followed by base64: use the secret exactly as it was issued.',
      { variable: 'secret' },
    )
  }
  if (input.id === '') {
    throw new ConfigurationError('The webhook id is empty: give each event a unique id.', {
      variable: 'id',
    })
  }
  const seconds =
    input.timestamp instanceof Date ? Math.floor(input.timestamp.getTime() / 1000) : input.timestamp
  if (!Number.isSafeInteger(seconds) || seconds < 0) {
    throw new ConfigurationError(
      'The webhook timestamp must be whole seconds since the Unix epoch (or a valid Date).',
      { variable: 'timestamp' },
    )
  }
  const timestamp = String(seconds)
  return {
    'webhook-id': input.id,
    'webhook-timestamp': timestamp,
    'webhook-signature': await webhookSignature(key, input.id, timestamp, input.body),
  }
}
