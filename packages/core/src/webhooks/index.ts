export {
  type SignWebhookInput,
  signWebhook,
  WEBHOOK_SECRET_PREFIX,
  type WebhookHeaders,
  webhookKey,
  webhookSignature,
} from './sign-webhook.js'
export {
  type WebhookEvent,
  WebhookEventSchema,
  type WebhookEventType,
  WebhookEventTypeSchema,
} from './webhook-event.js'
