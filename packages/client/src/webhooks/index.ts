export type { WebhookEvent, WebhookEventType } from '@darkroom/core/webhooks'
export {
  type VerifyWebhookOptions,
  verifyWebhook,
  type WebhookDelivery,
} from './verify-webhook.js'
export {
  WebhookVerificationError,
  type WebhookVerificationReason,
} from './webhook-verification-error.js'
