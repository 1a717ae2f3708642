/**
 * Serves result images the way OSS serves signed URLs: `GET /images/<taskId>/<n>.png` with
 * `OSSAccessKeyId`, `Expires` and `Signature` query parameters, refused with OSS's XML errors once
 * expired or tampered with. Images are real PNGs of the requested size, the same bytes each time.
 */

import type { Clock } from '@darkroom/core'
import type { Context } from 'hono'
import { renderPng } from '../shared/png.js'
import { signImageUrl, verifyImageUrl } from '../shared/signed-url.js'
import type { JobSimulator } from '../simulator/job-simulator.js'
import type { SpeedpixJobMeta } from './speedpix-wire.js'

/** What the image host needs. */
export interface ImageHostOptions {
  clock: Clock
  simulator: JobSimulator<SpeedpixJobMeta>
  /** Signs and verifies URLs; only the emulator knows it. */
  secret: string
  /** How long a URL works after the result call that handed it out. */
  ttlMs: number
  /** Origin images are served from; default the origin of the result request. */
  baseUrl?: string | undefined
}

/** The image host: signs URLs for results and answers downloads. */
export function createImageHost(options: ImageHostOptions) {
  const { clock, simulator, secret, ttlMs } = options
  let requests = 0
  const ossError = (c: Context, ...rest: OssErrorArgs) => renderOssError(c, ++requests, ...rest)

  /** Fresh signed URLs for a succeeded task, valid for `ttlMs` from now. */
  function urlsFor(taskId: string, count: number, requestUrl: string): Promise<string[]> {
    const baseUrl = options.baseUrl ?? new URL(requestUrl).origin
    const expiresAt = clock.now() + ttlMs
    return Promise.all(
      Array.from({ length: count }, (_, i) =>
        signImageUrl({ baseUrl, path: `images/${taskId}/${i}.png`, expiresAt, secret }),
      ),
    )
  }

  async function serve(c: Context): Promise<Response> {
    const verdict = await verifyImageUrl(c.req.url, { secret, now: clock.now() })
    if (verdict === 'bad-signature') {
      return ossError(
        c,
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      )
    }
    if (verdict === 'expired') {
      const expires = new Date(Number(c.req.query('Expires')) * 1000).toISOString()
      return ossError(c, 403, 'AccessDenied', 'Request has expired.', {
        Expires: expires,
        ServerTime: new Date(clock.now()).toISOString(),
      })
    }
    const job = simulator.get(c.req.param('taskId') ?? '')
    const index = Number(/^(\d{1,3})\.png$/.exec(c.req.param('file') ?? '')?.[1] ?? Number.NaN)
    if (job?.phase !== 'succeeded' || !(index >= 0 && index < job.imageCount)) {
      return ossError(c, 404, 'NoSuchKey', 'The specified key does not exist.')
    }
    const png = new Uint8Array(
      renderPng({ width: job.width, height: job.height, seed: job.imageSeed, index }),
    )
    return c.body(png, 200, {
      'Content-Type': 'image/png',
      'Content-Length': String(png.byteLength),
      'Cache-Control': 'private, max-age=3600',
    })
  }

  return { urlsFor, serve }
}

type OssErrorArgs = [
  status: 403 | 404,
  code: string,
  message: string,
  extra?: Record<string, string>,
]

/** OSS's error document, with its request id header. */
function renderOssError(
  c: Context,
  sequence: number,
  ...[status, code, message, extra = {}]: OssErrorArgs
): Response {
  const requestId = `66${sequence.toString(16).padStart(22, '0').toUpperCase()}`
  const fields = Object.entries(extra)
    .map(([name, value]) => `  <${name}>${value}</${name}>\n`)
    .join('')
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n  <Code>${code}</Code>\n  <Message>${message}</Message>\n  <RequestId>${requestId}</RequestId>\n  <HostId>${new URL(c.req.url).host}</HostId>\n${fields}</Error>\n`
  return c.body(xml, status, { 'Content-Type': 'application/xml', 'x-oss-request-id': requestId })
}
