import { type Clock, startTimer } from '../clock/clock.js'
import { parseRetryAfter } from '../http/retry-after.js'
import type { WebhookAttempt } from '../store/webhook-outbox.js'
import { signWebhook } from './sign-webhook.js'

/** How long a receiver has to answer (headers and the bounded body), in ms: 10 s. */
export const WEBHOOK_TIMEOUT_MS = 10_000
/** The largest body a delivery sends, in bytes (a job is a few KiB). */
export const MAX_WEBHOOK_BODY_BYTES = 256 * 1024
/** How much of a receiver's answer is read, in bytes; the rest is never downloaded. */
export const MAX_ANSWER_BYTES = 4096
/** How much of the answer the attempt log keeps, in characters. */
const EXCERPT_CHARS = 256

/** One attempt of {@link sendWebhook}. */
export interface SendWebhookInput {
  /** The delivery's `webhook-id`. */
  id: string
  url: string
  /** The exact JSON body, the same on every attempt. */
  body: string
  /** The owner's `whsec_` secret; used to sign, never logged. */
  secret: string
  fetch: typeof fetch
  /** Times the attempt (`now`, the timeout's timer, `track` when it has one). */
  clock: Clock
  /** Default {@link WEBHOOK_TIMEOUT_MS}. */
  timeoutMs?: number | undefined
  /** Ends the attempt early (the dispatcher closing): it then counts as a network error. Default: never. */
  signal?: AbortSignal | undefined
}

/** What one attempt came to. */
export interface SendWebhookResult {
  attempt: WebhookAttempt
  /** A 2xx answer: the delivery is done. */
  delivered: boolean
  /** Worth another attempt: no answer, a timeout, a 5xx or a 429. Never a 3xx or other 4xx. */
  retryable: boolean
  /** The answer's `Retry-After`, in ms, when it had one. */
  retryAfterMs: number | undefined
}

/**
 * Sends one signed attempt of a delivery: a POST with a fresh `webhook-timestamp` and signature,
 * `redirect: 'manual'` (a 3xx is a failure, never followed: a redirect could point anywhere), a
 * timeout covering the answer's headers and its first {@link MAX_ANSWER_BYTES} bytes (the rest is
 * cancelled unread). Never throws for the receiver's doing; the attempt says what happened.
 */
export async function sendWebhook(input: SendWebhookInput): Promise<SendWebhookResult> {
  const { clock } = input
  const startedAt = clock.now()
  const timeoutMs = input.timeoutMs ?? WEBHOOK_TIMEOUT_MS
  const bytes = new TextEncoder().encode(input.body)
  const result = (
    status: number | null,
    error: WebhookAttempt['error'],
    excerpt: string,
    retryable: boolean,
    retryAfterMs?: number,
  ): SendWebhookResult => ({
    attempt: {
      at: startedAt,
      status,
      error,
      durationMs: Math.max(0, Math.round(clock.now() - startedAt)),
      excerpt: excerpt.slice(0, EXCERPT_CHARS),
    },
    delivered: error === null,
    retryable,
    retryAfterMs,
  })
  if (bytes.length > MAX_WEBHOOK_BODY_BYTES) {
    const excerpt = `not sent: the body is ${bytes.length} bytes, over the ${MAX_WEBHOOK_BODY_BYTES} a delivery may carry`
    return result(null, 'refused', excerpt, false)
  }
  const headers = await signWebhook({
    id: input.id,
    timestamp: Math.floor(startedAt / 1000),
    body: bytes,
    secret: input.secret,
  })
  const controller = new AbortController()
  let timedOut = false
  const stop = startTimer(clock, timeoutMs, () => {
    timedOut = true
    controller.abort(new DOMException('timeout', 'TimeoutError'))
  })
  const track = clock.track?.bind(clock) ?? (<T>(work: Promise<T>) => work)
  const onAbort = () => controller.abort(input.signal?.reason)
  input.signal?.addEventListener('abort', onAbort, { once: true })
  if (input.signal?.aborted) onAbort()
  try {
    const response = await track(
      input.fetch(input.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Darkroom-Webhooks/1',
          ...headers,
        },
        body: bytes,
        redirect: 'manual',
        signal: controller.signal,
      }),
    )
    const excerpt = await track(readBounded(response))
    const { status } = response
    if (status >= 200 && status < 300) return result(status, null, excerpt, false)
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), clock.now())
    if (status >= 300 && status < 400) {
      const where = response.headers.get('location')
      return result(
        status,
        'redirect',
        where ? `redirect to ${where} not followed` : excerpt,
        false,
      )
    }
    const retryable = status === 429 || status >= 500
    return result(status, 'status', excerpt, retryable, retryable ? retryAfterMs : undefined)
  } catch (error) {
    if (timedOut) return result(null, 'timeout', `no answer within ${timeoutMs} ms`, true)
    return result(null, 'network', describe(error), true)
  } finally {
    stop()
    input.signal?.removeEventListener('abort', onAbort)
  }
}

/** The first bytes of the answer as text; the rest is cancelled, never downloaded. */
async function readBounded(response: Response): Promise<string> {
  // A manual redirect on some runtimes is an opaque answer without a readable body.
  if (!response.body) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    while (size < MAX_ANSWER_BYTES) {
      const { done, value } = await reader.read()
      if (done) break
      chunks.push(value)
      size += value.length
    }
  } finally {
    void reader.cancel().catch(() => undefined)
  }
  const all = new Uint8Array(Math.min(size, MAX_ANSWER_BYTES))
  let at = 0
  for (const chunk of chunks) {
    const part = chunk.subarray(0, all.length - at)
    all.set(part, at)
    at += part.length
  }
  return new TextDecoder().decode(all)
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } })?.cause
  const base = error instanceof Error ? error.message || error.name : String(error)
  const detail =
    typeof cause?.code === 'string'
      ? cause.code
      : typeof cause?.message === 'string'
        ? cause.message
        : ''
  return detail ? `${base} (${detail})` : base
}
