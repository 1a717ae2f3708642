import {
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAYED_HEADER,
  parseCreateJob,
} from '@darkroom/client/wire'
import { decodeHandle } from '@darkroom/core'
import { readIdempotencyKey, submitIdempotency } from '../http/idempotency-key.js'
import { jobAccess } from '../http/job-access.js'
import { readJsonBody } from '../http/json-body.js'
import { presentJob } from '../http/present.js'
import { jobLocation, publicBase } from '../http/public-base.js'
import type { RouteSpec } from '../http/route.js'
import { acceptedWebhook } from '../http/webhook-request.js'
import { signJobToken } from '../security/job-token.js'

/** The `:id` path parameter, as the job routes document it. */
export const JOB_ID_PARAMETER = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string' },
  description: 'The job id returned by POST /v1/jobs.',
}

/** `POST /v1/jobs`: submits a job; `202` with its first snapshot and `Location`. */
export const createJobRoute: RouteSpec = {
  method: 'post',
  path: '/v1/jobs',
  summary: 'Submit a job',
  operationId: 'createJob',
  body: 'CreateJob',
  parameters: [
    {
      name: IDEMPOTENCY_KEY_HEADER,
      in: 'header',
      required: false,
      schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
      description:
        "Makes the submit safe to repeat, for a day, per API key: the same key and request answer the first submit's job (200, Idempotent-Replayed); another request under the key is a 422, a repeat while the first is in flight a 409. A submit that failed for certain (a 400, the provider refused it) frees the key, so the corrected request may reuse it. 1 to 255 visible ASCII characters, e.g. a UUID. Gateways without a job store (Bun, Deno) keep no keys.",
    },
  ],
  answer: {
    status: 202,
    description: 'Accepted; Location names the job',
    headers: { Location: { schema: { type: 'string' } } },
    json: 'Job',
  },
  alsoAnswers: [
    {
      status: 200,
      description:
        "A repeat under the same Idempotency-Key: the first submit's job, as GET /v1/jobs/{id} shows it now",
      headers: {
        Location: { schema: { type: 'string' } },
        [IDEMPOTENT_REPLAYED_HEADER]: { schema: { type: 'string', const: 'true' } },
      },
      json: 'Job',
    },
  ],
  problems: [400, 401, 409, 413, 422, 429, 501, 502, 504],
  problemNotes: {
    409: 'idempotency_key_in_flight: the first request with this Idempotency-Key is still being submitted; send it again after Retry-After',
    422: 'idempotency_key_reused (the Idempotency-Key was sent with another request: use a new key), or content_rejected by the provider',
    502: 'A provider failure; submit_outcome_unknown when the provider may or may not have the job (also for a repeat of such a submit under its Idempotency-Key): check GET /v1/jobs before submitting again, with a new key',
  },
  handler: (ctx) => async (c) => {
    const key = readIdempotencyKey(c.req.header(IDEMPOTENCY_KEY_HEADER))
    const body = parseCreateJob(
      await readJsonBody(c, 'the job as {"provider", "operation", "input", "webhook"?}'),
    )
    const owner = c.get('keyName')
    const webhook = body.webhook && (await acceptedWebhook(ctx, owner, body.webhook))
    // Refused for a provider not offered, an unknown operation and a bad input, naming the part.
    const { job, replayed } = key
      ? await ctx.jobs.submitOnce(
          body.provider,
          body.operation,
          body.input,
          owner,
          await submitIdempotency(key, body),
          { webhook },
        )
      : {
          job: await ctx.jobs.submit(body.provider, body.operation, body.input, owner, {
            webhook,
          }),
          replayed: false,
        }
    // Core's job id is the encoded handle (with the ids the adapter needs later in `meta`).
    const token = await signJobToken(decodeHandle(job.id), owner, ctx.deps.config.tokenSecret)
    c.header('location', jobLocation(ctx, token))
    if (replayed) c.header(IDEMPOTENT_REPLAYED_HEADER, 'true')
    return c.json(await presentJob(job, token, publicBase(c, ctx), ctx), replayed ? 200 : 202)
  },
}

/** `GET /v1/jobs/:id`: the latest snapshot of one of the caller's jobs (see `GatewayJobs.get`). */
export const jobRoute: RouteSpec = {
  method: 'get',
  path: '/v1/jobs/:id',
  summary: 'A fresh snapshot of a job',
  operationId: 'getJob',
  parameters: [JOB_ID_PARAMETER],
  answer: { status: 200, description: 'The job', json: 'Job' },
  problems: [401, 404, 429, 502],
  handler: (ctx) => async (c) => {
    const access = await jobAccess(c, ctx)
    const job = await ctx.jobs.get(access.handle, access.owner)
    return c.json(await presentJob(job, access.token, publicBase(c, ctx), ctx))
  },
}
