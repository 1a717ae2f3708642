export {
  MAX_WEBHOOK_RETRY_AFTER_MS,
  WEBHOOK_RETRY_JITTER,
  WEBHOOK_RETRY_SCHEDULE_MS,
  webhookRetryDelay,
} from './retry-schedule.js'
export {
  MAX_ANSWER_BYTES,
  MAX_WEBHOOK_BODY_BYTES,
  type SendWebhookInput,
  type SendWebhookResult,
  sendWebhook,
  WEBHOOK_TIMEOUT_MS,
} from './send-webhook.js'
export {
  type SignWebhookInput,
  signWebhook,
  WEBHOOK_SECRET_PREFIX,
  type WebhookHeaders,
  webhookKey,
  webhookSignature,
} from './sign-webhook.js'
export { WebhookDispatcher, type WebhookDispatcherOptions } from './webhook-dispatcher.js'
export {
  type WebhookEvent,
  WebhookEventSchema,
  type WebhookEventType,
  WebhookEventTypeSchema,
} from './webhook-event.js'
