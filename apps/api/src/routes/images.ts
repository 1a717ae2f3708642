import { InvalidInputError, REQUEST_PATHS } from '@darkroom/core'
import { jobAccess } from '../http/job-access.js'
import type { RouteSpec } from '../http/route.js'
import { JOB_ID_PARAMETER } from './jobs.js'

/** `GET /v1/jobs/:id/images/:index`: the bytes of one image, at a stable URL of the gateway's. */
export const imageRoute: RouteSpec = {
  method: 'get',
  path: '/v1/jobs/:id/images/:index',
  summary: 'The bytes of one image of a succeeded job',
  operationId: 'getJobImage',
  parameters: [
    JOB_ID_PARAMETER,
    { name: 'index', in: 'path', required: true, schema: { type: 'integer', minimum: 0 } },
  ],
  answer: {
    status: 200,
    description: 'Image bytes',
    content: { 'image/*': { schema: { type: 'string', format: 'binary' } } },
  },
  problems: [400, 401, 404, 502],
  handler: (ctx) => async (c) => {
    const access = await jobAccess(c, ctx)
    const raw = c.req.param('index') ?? ''
    if (!/^\d{1,4}$/.test(raw)) {
      const message = `image index must be a whole number from 0, got "${raw}"`
      throw new InvalidInputError(`${message}.`, {
        issues: [{ path: REQUEST_PATHS.index, message }],
        call: 'image',
      })
    }
    const image = await ctx.jobs.image(access.handle, Number(raw))
    return c.body(image.bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': image.mimeType,
      'content-length': String(image.bytes.byteLength),
      // The bytes of a finished job never change; they are per key, so only private caches.
      'cache-control': 'private, max-age=86400, immutable',
    })
  },
}
