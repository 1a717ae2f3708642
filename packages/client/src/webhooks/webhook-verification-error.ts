import { DarkroomError, type ErrorCode } from '@darkroom/core'
import { marked } from '../errors.js'

const VERIFICATION = Symbol.for('darkroom.error.webhook-verification')

/** Why `verifyWebhook` refused a delivery. */
export type WebhookVerificationReason =
  /** A `webhook-id`, `webhook-timestamp` or `webhook-signature` header is absent or empty. */
  | 'missing-header'
  /** `webhook-timestamp` is not whole seconds since the Unix epoch. */
  | 'bad-timestamp'
  /**
   * `webhook-timestamp` is further from now than the tolerance, either way: an old one is a
   * replay, a future one a forgery (or this machine's clock is wrong).
   */
  | 'outside-tolerance'
  /** No `v1` signature in `webhook-signature` matches the body under the secret. */
  | 'bad-signature'
  /** The secret given to `verifyWebhook` is not `whsec_<base64>`: a configuration mistake. */
  | 'bad-secret'
  /** The signature matched, but the body is not a Darkroom webhook event. */
  | 'bad-body'

/** Core's normalized code for each reason: the sender's fault, or the receiver's configuration. */
const CODES: Record<WebhookVerificationReason, ErrorCode> = {
  'missing-header': 'unauthorized',
  'bad-timestamp': 'unauthorized',
  'outside-tolerance': 'unauthorized',
  'bad-signature': 'unauthorized',
  'bad-secret': 'invalid_input',
  'bad-body': 'unexpected_response',
}

/**
 * A webhook delivery that `verifyWebhook` refused; `reason` says which check failed. Answer the
 * sender with 400 (or 401) and do not act on the body. Its message never contains the secret.
 * Check with `WebhookVerificationError.isInstance(e)`: it works across bundles and package copies.
 */
export class WebhookVerificationError extends DarkroomError {
  /** @internal identifies these errors across realms and package copies. */
  readonly [VERIFICATION] = true
  /** Which check failed. */
  readonly reason: WebhookVerificationReason

  constructor(message: string, options: { reason: WebhookVerificationReason; cause?: unknown }) {
    super(message, { code: CODES[options.reason], retryable: false, cause: options.cause })
    this.name = 'WebhookVerificationError'
    this.reason = options.reason
  }

  static override isInstance(error: unknown): error is WebhookVerificationError {
    return marked(error, VERIFICATION)
  }
}
