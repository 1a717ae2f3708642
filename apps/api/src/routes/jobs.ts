import { type CreateJobRequest, parseCreateJob } from '@darkroom/client/wire'
import { decodeHandle, REQUEST_PATHS } from '@darkroom/core'
import type { Context, Hono } from 'hono'
import type { AppContext, AppEnv } from '../http/context.js'
import { jobAccess, requestOrigin } from '../http/job-access.js'
import { presentJob } from '../http/present.js'
import { fieldProblem, jobNotFound, problem, problemFor } from '../http/respond.js'
import { signJobToken } from '../security/job-token.js'

const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i

/**
 * Reads the body of `POST /v1/jobs`: JSON, in the `{provider, operation, input}` shape. Anything
 * else is answered here with a 400 problem that names each bad part.
 */
async function readCreateJob(
  c: Context<AppEnv>,
  ctx: AppContext,
): Promise<CreateJobRequest | Response> {
  const type = c.req.header('content-type')
  if (!type || !JSON_TYPE.test(type)) {
    return problem(c, {
      status: 400,
      code: 'invalid_input',
      detail: `Send the job as JSON with Content-Type: application/json (got ${type ? `"${type}"` : 'no Content-Type'}).`,
    })
  }
  let json: unknown
  try {
    json = await c.req.json()
  } catch {
    return problem(c, {
      status: 400,
      code: 'invalid_input',
      detail: 'The request body is not valid JSON; send {"provider", "operation", "input"}.',
    })
  }
  try {
    return parseCreateJob(json)
  } catch (error) {
    return problemFor(c, ctx, error)
  }
}

/** `POST /v1/jobs`, `GET /v1/jobs/:id` and `GET /v1/jobs/:id/images/:index`. */
export function jobRoutes(app: Hono<AppEnv>, ctx: AppContext): void {
  app.post('/v1/jobs', async (c) => {
    const body = await readCreateJob(c, ctx)
    if (body instanceof Response) return body
    const adapter = ctx.deps.adapters[body.provider]
    if (!adapter) {
      const offered = Object.keys(ctx.deps.adapters).join(', ') || 'none'
      const message = `provider "${body.provider}" is not offered by this gateway (offered: ${offered})`
      return fieldProblem(c, REQUEST_PATHS.provider, message)
    }
    try {
      // The adapter refuses an unknown operation and a bad input, naming the part.
      const job = await adapter.submit(body.operation, body.input)
      // Core's job id is the encoded handle (with the ids the adapter needs later in `meta`).
      const token = await signJobToken(
        decodeHandle(job.id),
        c.get('keyName'),
        ctx.deps.config.tokenSecret,
      )
      c.header('location', `/v1/jobs/${token}`)
      return c.json(presentJob(job, token, requestOrigin(c)), 202)
    } catch (error) {
      return problemFor(c, ctx, error)
    }
  })

  app.get('/v1/jobs/:id', async (c) => {
    const access = await jobAccess(c, ctx)
    if (!access) return jobNotFound(c)
    try {
      const job = await access.adapter.status(access.handle)
      return c.json(presentJob(job, access.token, requestOrigin(c)))
    } catch (error) {
      return problemFor(c, ctx, error)
    }
  })

  app.get('/v1/jobs/:id/images/:index', async (c) => {
    const access = await jobAccess(c, ctx)
    if (!access) return jobNotFound(c)
    const raw = c.req.param('index')
    const index = /^\d{1,4}$/.test(raw) ? Number(raw) : Number.NaN
    if (!Number.isInteger(index)) {
      const message = `image index must be a whole number from 0, got "${raw}"`
      return fieldProblem(c, REQUEST_PATHS.index, message)
    }
    try {
      const image = await access.adapter.image(access.handle, index)
      return c.body(image.bytes as Uint8Array<ArrayBuffer>, 200, {
        'content-type': image.mimeType,
        'content-length': String(image.bytes.byteLength),
        // The bytes of a finished job never change; they are per key, so only private caches.
        'cache-control': 'private, max-age=86400, immutable',
      })
    } catch (error) {
      return problemFor(c, ctx, error)
    }
  })
}
