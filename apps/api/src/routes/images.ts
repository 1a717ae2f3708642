import { jobNotFound } from '../http/http-problem.js'
import {
  imageBody,
  imageIndex,
  requireSignedUrl,
  SIGNED_URL_PARAMETERS,
} from '../http/image-answer.js'
import { jobAccess } from '../http/job-access.js'
import { signedImagePath } from '../http/present.js'
import type { RouteSpec } from '../http/route.js'
import { readJobToken } from '../security/job-token.js'
import { JOB_ID_PARAMETER } from './jobs.js'

const INDEX_PARAMETER = {
  name: 'index',
  in: 'path',
  required: true,
  schema: { type: 'integer', minimum: 0 },
}

const IMAGE_ANSWER = {
  status: 200,
  description: 'Image bytes',
  content: { 'image/*': { schema: { type: 'string', format: 'binary' } } },
}

/** `GET /v1/jobs/:id/images/:index`: the bytes of one image, at a stable URL of the gateway's. */
export const imageRoute: RouteSpec = {
  method: 'get',
  path: '/v1/jobs/:id/images/:index',
  summary: 'The bytes of one image of a succeeded job',
  operationId: 'getJobImage',
  parameters: [JOB_ID_PARAMETER, INDEX_PARAMETER],
  answer: IMAGE_ANSWER,
  problems: [400, 401, 404, 502],
  handler: (ctx) => async (c) => {
    const access = await jobAccess(c, ctx)
    const image = await ctx.jobs.image(access.handle, imageIndex(c.req.param('index')))
    // The bytes of a finished job never change; they are per key, so only private caches.
    return imageBody(c, image, 86_400)
  },
}

/**
 * `GET /v1/images/:id/:index?expires=&signature=`: what `images[].url` points at. The URL's own
 * signature authorises it (no API key), so it works in an `<img src>`; the kept copy is served,
 * else the provider's (see `GatewayJobs.image`).
 */
export const signedImageRoute: RouteSpec = {
  method: 'get',
  path: '/v1/images/:id/:index',
  summary: "One image of a job, at the signed, expiring URL of the job's images[].url",
  operationId: 'getSignedImage',
  public: true,
  parameters: [JOB_ID_PARAMETER, INDEX_PARAMETER, ...SIGNED_URL_PARAMETERS],
  answer: IMAGE_ANSWER,
  problems: [400, 403, 404, 410, 502],
  handler: (ctx) => async (c) => {
    const token = c.req.param('id') ?? ''
    const index = imageIndex(c.req.param('index'))
    const expiresAt = await requireSignedUrl(c, ctx, signedImagePath(token, index), 'image')
    const claims = await readJobToken(token, ctx.deps.config.tokenSecret)
    if (!claims || !ctx.deps.adapters[claims.handle.provider]) throw jobNotFound()
    const image = await ctx.jobs.image(claims.handle, index)
    return imageBody(c, image, (expiresAt - ctx.clock.now()) / 1000)
  },
}
