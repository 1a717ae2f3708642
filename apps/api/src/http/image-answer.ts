import { InvalidInputError, REQUEST_PATHS } from '@darkroom/core'
import type { Context } from 'hono'
import { checkSignedPath } from '../security/image-url.js'
import type { AppContext, AppEnv } from './context.js'
import { HttpProblem } from './http-problem.js'

/** The `:index` path parameter as a number, or the 400 naming what was wrong. */
export function imageIndex(raw: string | undefined): number {
  const text = raw ?? ''
  if (!/^\d{1,4}$/.test(text)) {
    const message = `image index must be a whole number from 0, got "${text}"`
    throw new InvalidInputError(`${message}.`, {
      issues: [{ path: REQUEST_PATHS.index, message }],
      call: 'image',
    })
  }
  return Number(text)
}

/** The `expires` and `signature` query parameters of a signed URL, for the OpenAPI document. */
export const SIGNED_URL_PARAMETERS = [
  {
    name: 'expires',
    in: 'query',
    required: true,
    schema: { type: 'string', pattern: '^\\d{1,12}$' },
    description: 'When the URL stops working, in epoch seconds (part of the signed URL).',
  },
  {
    name: 'signature',
    in: 'query',
    required: true,
    schema: { type: 'string' },
    description: 'HMAC-SHA256 of the path and expiry, base64url (part of the signed URL).',
  },
]

/**
 * Checks the signature of a signed gateway URL for `path`: a 403 for a missing or tampered one,
 * a 410 for an intact one past its expiry; resolves with the expiry (epoch ms) otherwise.
 */
export async function requireSignedUrl(
  c: Context<AppEnv>,
  ctx: AppContext,
  path: string,
  what: string,
): Promise<number> {
  const verdict = await checkSignedPath(
    path,
    c.req.query('expires'),
    c.req.query('signature'),
    ctx.clock.now(),
    ctx.deps.config.tokenSecret,
  )
  if (verdict.ok) return verdict.expiresAt
  if (verdict.reason === 'expired') {
    throw new HttpProblem({
      status: 410,
      code: 'link_expired',
      detail: `This ${what} URL has expired; ${what === 'image' ? 'read the job again (GET /v1/jobs/{id}) for a fresh URL' : 'upload the image again for a fresh URL'}.`,
    })
  }
  throw new HttpProblem({
    status: 403,
    code: 'forbidden',
    detail: `This ${what} URL's signature is missing or does not match; use the URL exactly as the gateway gave it.`,
  })
}

/**
 * Image bytes as an answer. `maxAgeSeconds` bounds how long a cache may keep them: the bytes
 * never change, but a signed URL must stop working at its expiry. `private`: only the caller's
 * own cache, never a shared one.
 */
export function imageBody(
  c: Context<AppEnv>,
  image: { bytes: Uint8Array; mimeType: string },
  maxAgeSeconds: number,
): Response {
  return c.body(image.bytes as Uint8Array<ArrayBuffer>, 200, {
    'content-type': image.mimeType,
    'content-length': String(image.bytes.byteLength),
    'cache-control': `private, max-age=${Math.max(0, Math.floor(maxAgeSeconds))}, immutable`,
    'x-content-type-options': 'nosniff',
  })
}
