import type { WebhookDeliveryAnswer } from '@darkroom/client/wire'
import type { WebhookDelivery } from '@darkroom/core'
import { jobAccess } from '../http/job-access.js'
import type { RouteSpec } from '../http/route.js'
import { JOB_ID_PARAMETER } from './jobs.js'

const iso = (ms: number) => new Date(ms).toISOString()

/**
 * A delivery as the routes show it: no snapshot (the body is the job as it was), ISO times, the
 * receivers' words through the redactor.
 */
function presentDelivery(
  delivery: WebhookDelivery,
  redact: (text: string) => string,
): WebhookDeliveryAnswer {
  return {
    id: delivery.id,
    type: delivery.type,
    occurredAt: iso(delivery.occurredAt),
    url: delivery.url,
    state: delivery.state,
    attempts: delivery.attempts,
    nextAttemptAt: delivery.nextAttemptAt === null ? null : iso(delivery.nextAttemptAt),
    log: delivery.log.map((attempt) => ({
      ...attempt,
      at: iso(attempt.at),
      excerpt: redact(attempt.excerpt),
    })),
  }
}

/** `GET /v1/jobs/:id/deliveries`: the job's webhook deliveries and their attempt logs. */
export const deliveriesRoute: RouteSpec = {
  method: 'get',
  path: '/v1/jobs/:id/deliveries',
  summary: "A job's webhook deliveries, each with its attempt log",
  operationId: 'listJobDeliveries',
  parameters: [JOB_ID_PARAMETER],
  answer: { status: 200, description: 'The deliveries, oldest first', json: 'WebhookDeliveries' },
  problems: [401, 404, 501],
  handler: (ctx) => async (c) => {
    const access = await jobAccess(c, ctx)
    const deliveries = await ctx.jobs.deliveries(access.handle, access.owner)
    return c.json({ deliveries: deliveries.map((d) => presentDelivery(d, ctx.redact)) })
  },
}

/**
 * `POST /v1/jobs/:id/deliveries/redeliver`: sends the job's last delivery again, the same
 * `webhook-id`, its retry schedule restarted; `202` with the delivery as it now stands.
 */
export const redeliverRoute: RouteSpec = {
  method: 'post',
  path: '/v1/jobs/:id/deliveries/redeliver',
  summary: "Resend a job's last webhook delivery (the same webhook-id)",
  operationId: 'redeliverJobWebhook',
  parameters: [JOB_ID_PARAMETER],
  answer: { status: 202, description: 'Queued to be sent now', json: 'WebhookDelivery' },
  problems: [401, 404, 409, 501],
  handler: (ctx) => async (c) => {
    const access = await jobAccess(c, ctx)
    const delivery = await ctx.jobs.redeliver(access.handle, access.owner)
    return c.json(presentDelivery(delivery, ctx.redact), 202)
  },
}
