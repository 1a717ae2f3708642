import type { WebhookRequest } from '@darkroom/client/wire'
import { InvalidInputError, type WebhookSubscription } from '@darkroom/core'
import { webhookPolicy } from '../jobs/webhook-delivery.js'
import { webhookUrlRefusal } from '../security/webhook-url.js'
import type { AppContext } from './context.js'

function refuse(path: string, message: string): InvalidInputError {
  return new InvalidInputError(`The job's webhook is not accepted: ${path}: ${message}.`, {
    issues: [{ path, message }],
    call: 'submit',
  })
}

/**
 * A submit's `webhook`, accepted for `owner` or refused with a 400 naming the part: the key must
 * have a webhook secret (`DARKROOM_WEBHOOK_SECRETS`), and the URL must pass the runtime's check
 * (checked again at every delivery).
 */
export async function acceptedWebhook(
  app: AppContext,
  owner: string,
  webhook: WebhookRequest,
): Promise<WebhookSubscription> {
  if (!app.deps.config.webhookSecrets.has(owner)) {
    throw refuse(
      '(webhook)',
      `the API key "${owner}" has no webhook secret to sign deliveries with; configure one in DARKROOM_WEBHOOK_SECRETS as ${owner}:whsec_<base64>`,
    )
  }
  const policy = webhookPolicy(app.deps.config)
  const check = app.deps.checkWebhookUrl ?? (async (url: string) => webhookUrlRefusal(url, policy))
  const refusal = await check(webhook.url)
  if (refusal !== null) {
    throw refuse(
      '(webhook).url',
      `is refused: ${refusal} (DARKROOM_WEBHOOK_ALLOW_HOSTS lets a trusted host through)`,
    )
  }
  return { url: webhook.url, events: [...webhook.events] }
}
