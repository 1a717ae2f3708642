// Webhook deliveries as a Darkroom gateway sends them, signed by the reference `standardwebhooks`
// package (not by core's signer), so the tests check `verifyWebhook` against an outside party.
import type { Job } from '@darkroom/core'
import type { WebhookEvent } from '@darkroom/core/webhooks'
import { Webhook } from 'standardwebhooks'

/** The demo secret the README documents (base64 of `darkroom demo webhook secret 32b`). */
export const DEMO_SECRET = 'whsec_ZGFya3Jvb20gZGVtbyB3ZWJob29rIHNlY3JldCAzMmI='

/** When the sample deliveries are signed: 2026-06-01T12:00:00Z. */
export const SIGNED_AT_MS = Date.UTC(2026, 5, 1, 12, 0, 0)

/** A finished speedpix job, as a `job.succeeded` event carries it. */
export function sampleEvent(overrides: Partial<Job> = {}): WebhookEvent {
  const at = new Date(SIGNED_AT_MS - 2_000).toISOString()
  return {
    type: 'job.succeeded',
    timestamp: at,
    data: {
      id: 'job_4f2a',
      provider: 'speedpix',
      operation: 'txt2img',
      providerJobId: 'task-81',
      state: 'succeeded',
      providerStatus: 'succeeded',
      progress: 1,
      queuePosition: null,
      etaSeconds: null,
      etaSource: null,
      message: null,
      images: [
        {
          index: 0,
          url: 'https://img.example/a.png',
          width: 512,
          height: 512,
          expiresAt: null,
          mimeType: 'image/png',
        },
      ],
      error: null,
      createdAt: at,
      observedAt: at,
      warnings: [],
      ...overrides,
    },
  }
}

/** One delivery: its raw body and the three headers, signed by `standardwebhooks`. */
export function signed(
  body: string,
  { secret = DEMO_SECRET, id = 'msg_2b1f', atMs = SIGNED_AT_MS } = {},
) {
  return {
    body,
    headers: {
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(atMs / 1000)),
      'webhook-signature': new Webhook(secret).sign(id, new Date(atMs), body),
    },
  }
}
