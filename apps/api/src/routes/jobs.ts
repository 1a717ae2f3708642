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
  body: 'CreateJob',
  answer: {
    status: 202,
    description: 'Accepted; Location names the job',
    headers: { Location: { schema: { type: 'string' } } },
    json: 'Job',
  },
  problems: [400, 401, 413, 429, 502, 504],
  handler: (ctx) => async (c) => {
    const key = readIdempotencyKey(c.req.header(IDEMPOTENCY_KEY_HEADER))
    const body = parseCreateJob(
      await readJsonBody(c, 'the job as {"provider", "operation", "input"}'),
    )
    const owner = c.get('keyName')
    // Refused for a provider not offered, an unknown operation and a bad input, naming the part.
    const { job, replayed } = key
      ? await ctx.jobs.submitOnce(
          body.provider,
          body.operation,
          body.input,
          owner,
          await submitIdempotency(key, body),
        )
      : {
          job: await ctx.jobs.submit(body.provider, body.operation, body.input, owner),
          replayed: false,
        }
    // Core's job id is the encoded handle (with the ids the adapter needs later in `meta`).
    const token = await signJobToken(decodeHandle(job.id), owner, ctx.deps.config.tokenSecret)
    c.header('location', jobLocation(ctx, token))
    if (replayed) c.header(IDEMPOTENT_REPLAYED_HEADER, 'true')
    return c.json(presentJob(job, token, publicBase(c, ctx), ctx.redact), replayed ? 200 : 202)
  },
}

/** `GET /v1/jobs/:id`: the latest snapshot of one of the caller's jobs (see `GatewayJobs.get`). */
export const jobRoute: RouteSpec = {
  method: 'get',
  path: '/v1/jobs/:id',
  summary: 'A fresh snapshot of a job',
  parameters: [JOB_ID_PARAMETER],
  answer: { status: 200, description: 'The job', json: 'Job' },
  problems: [401, 404, 429, 502],
  handler: (ctx) => async (c) => {
    const access = await jobAccess(c, ctx)
    const job = await ctx.jobs.get(access.handle, access.owner)
    return c.json(presentJob(job, access.token, publicBase(c, ctx), ctx.redact))
  },
}
