import { InvalidInputError } from '@darkroom/core'
import type { AppContext } from '../http/context.js'
import { HttpProblem } from '../http/http-problem.js'
import { imageBody, requireSignedUrl, SIGNED_URL_PARAMETERS } from '../http/image-answer.js'
import { publicBase } from '../http/public-base.js'
import type { RouteSpec } from '../http/route.js'
import type { GatewayImages } from '../images/gateway-images.js'
import { checkImage, KEPT_IMAGE_TYPES } from '../images/image-check.js'
import { uploadKey } from '../images/image-storage.js'
import { imageUrlExpiry, signPath } from '../security/image-url.js'

const UPLOAD_NAME = /^[A-Za-z0-9_-]{22}$/

function imagesOf(ctx: AppContext): GatewayImages {
  if (ctx.deps.images) return ctx.deps.images
  throw new HttpProblem({
    status: 501,
    code: 'store_required',
    detail:
      'This gateway keeps no images (it runs without storage), so it takes no uploads; pass the image by URL instead.',
  })
}

/**
 * `POST /v1/uploads`: raw image bytes (PNG, JPEG, WebP or GIF, with that `Content-Type`) stored
 * for the retention; answers a signed, expiring URL a provider can fetch (an img2img input).
 */
export const createUploadRoute: RouteSpec = {
  method: 'post',
  path: '/v1/uploads',
  summary: 'Upload an image, for a URL a provider can fetch',
  operationId: 'createUpload',
  rawBody: Object.fromEntries(
    KEPT_IMAGE_TYPES.map((type) => [type, { schema: { type: 'string', format: 'binary' } }]),
  ),
  answer: { status: 201, description: 'Stored; url is signed and expires', json: 'Upload' },
  problems: [400, 401, 413, 415, 501],
  handler: (ctx) => async (c) => {
    const images = imagesOf(ctx)
    const declared = c.req.header('content-type')
    const type = declared?.split(';')[0]?.trim().toLowerCase() ?? ''
    if (!KEPT_IMAGE_TYPES.includes(type)) {
      throw new HttpProblem({
        status: 415,
        code: 'unsupported_media_type',
        detail: `Send the image's bytes with Content-Type ${KEPT_IMAGE_TYPES.join(', ')} (got ${declared ? `"${declared}"` : 'no Content-Type'}).`,
      })
    }
    const bytes = new Uint8Array(await c.req.arrayBuffer())
    const verdict = checkImage(bytes, type, images.config.maxBytes)
    if (!verdict.ok) {
      if (bytes.byteLength === 0 || verdict.reason === 'signature') {
        const message = bytes.byteLength === 0 ? 'the body is empty' : verdict.detail
        throw new InvalidInputError(`The upload is not a ${type} image: ${message}.`, {
          issues: [{ path: '(body)', message }],
          call: 'upload',
        })
      }
      throw new HttpProblem({
        status: 413,
        code: 'payload_too_large',
        detail: `${verdict.detail}.`,
      })
    }
    const key = uploadKey()
    const storedUntil = await images.put(key, bytes, verdict.contentType)
    const expiresAt = Math.min(imageUrlExpiry(ctx.clock.now()), storedUntil)
    const path = await signPath(
      `/v1/uploads/${key.slice('uploads/'.length)}`,
      expiresAt,
      ctx.deps.config.tokenSecret,
    )
    const url = `${publicBase(c, ctx)}${path}`
    c.header('location', url)
    return c.json(
      {
        url,
        expiresAt: new Date(expiresAt).toISOString(),
        contentType: verdict.contentType,
        size: bytes.byteLength,
      },
      201,
    )
  },
}

/** `GET /v1/uploads/:name?expires=&signature=`: an upload's bytes, at its signed URL. */
export const uploadRoute: RouteSpec = {
  method: 'get',
  path: '/v1/uploads/:name',
  summary: 'An uploaded image, at the signed URL POST /v1/uploads answered',
  operationId: 'getUpload',
  public: true,
  parameters: [
    { name: 'name', in: 'path', required: true, schema: { type: 'string' } },
    ...SIGNED_URL_PARAMETERS,
  ],
  answer: {
    status: 200,
    description: 'Image bytes',
    content: { 'image/*': { schema: { type: 'string', format: 'binary' } } },
  },
  problems: [403, 404, 410, 501],
  handler: (ctx) => async (c) => {
    const name = c.req.param('name') ?? ''
    const expiresAt = await requireSignedUrl(c, ctx, `/v1/uploads/${name}`, 'upload')
    const image = UPLOAD_NAME.test(name) ? await imagesOf(ctx).get(`uploads/${name}`) : null
    if (!image) {
      throw new HttpProblem({
        status: 404,
        code: 'not_found',
        detail:
          'This upload is no longer kept (past the retention, DARKROOM_IMAGE_RETENTION_HOURS); upload the image again.',
      })
    }
    const maxAge = (Math.min(expiresAt, image.expiresAt) - ctx.clock.now()) / 1000
    return imageBody(c, { bytes: image.bytes, mimeType: image.contentType }, maxAge)
  },
}
