/**
 * The API gateway's checks, in its order: a well-formed ACS3 Authorization covering the headers
 * that must be signed, a fresh `x-acs-date`, a known AccessKey, a body matching its hash, a
 * matching signature, then an unused nonce. Verification uses the same core primitives the
 * adapter signs with, over exactly what arrived on the wire.
 */
import type { Clock } from '@darkroom/core'
import {
  acs3CanonicalRequest,
  acs3StringToSign,
  canonicalQuery,
  computeAcs3Signature,
  parseAcs3Authorization,
  sha256Hex,
  timingSafeEqual,
} from '@darkroom/core/signing'
import type { MiddlewareHandler } from 'hono'
import { isFresh, type NonceCache } from '../shared/nonce-cache.js'
import { gatewayError } from './aicontent-wire.js'

/** An AccessKey pair the emulator accepts. */
export interface AicontentCredentials {
  accessKeyId: string
  accessKeySecret: string
}

/** What the middleware needs. */
export interface Acs3AuthOptions {
  clock: Clock
  credentials: AicontentCredentials
  nonces: NonceCache
  requestId: () => string
}

/** Headers every request must sign; any other `x-acs-*` header it sends must be signed too. */
const REQUIRED_SIGNED = [
  'host',
  'x-acs-action',
  'x-acs-content-sha256',
  'x-acs-date',
  'x-acs-signature-nonce',
  'x-acs-version',
]

const DATE_FORMAT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/

/** Request headers by lowercase name, `host` from the URL when a client (in-process) sent none. */
function headerMap(request: Request): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [name, value] of request.headers) headers[name.toLowerCase()] = value
  headers.host ??= new URL(request.url).host
  return headers
}

/** Creates the middleware; the body it read stays readable through `c.req` (Hono caches it). */
export function acs3Auth(options: Acs3AuthOptions): MiddlewareHandler {
  const { clock, credentials, nonces } = options
  return async (c, next) => {
    const fail = (code: Parameters<typeof gatewayError>[2], detail?: string) =>
      gatewayError(c, options.requestId(), code, detail)
    const headers = headerMap(c.req.raw)
    const auth = parseAcs3Authorization(headers.authorization ?? '')
    if (!auth) return fail('IncompleteSignature', 'Authorization must be ACS3-HMAC-SHA256.')
    const signed = new Set(auth.signedHeaders)
    const unsigned = [
      ...REQUIRED_SIGNED,
      ...Object.keys(headers).filter((name) => name.startsWith('x-acs-')),
    ].filter((name) => !signed.has(name) || headers[name] === undefined)
    if (unsigned.length > 0) {
      return fail(
        'IncompleteSignature',
        `Missing or unsigned headers: ${[...new Set(unsigned)].join(', ')}.`,
      )
    }

    const date = headers['x-acs-date'] ?? ''
    if (!DATE_FORMAT.test(date) || Number.isNaN(Date.parse(date))) {
      return fail('InvalidTimeStamp.Format', 'x-acs-date must be UTC YYYY-MM-DDTHH:mm:ssZ.')
    }
    if (!isFresh(Date.parse(date), clock.now())) return fail('InvalidTimeStamp.Expired')
    if (auth.credential !== credentials.accessKeyId) return fail('InvalidAccessKeyId.NotFound')

    const body = new Uint8Array(await c.req.arrayBuffer())
    const payloadHash = headers['x-acs-content-sha256'] ?? ''
    if (!timingSafeEqual(await sha256Hex(body), payloadHash.toLowerCase())) {
      return fail('SignatureDoesNotMatch', 'x-acs-content-sha256 does not match the request body.')
    }
    const input = {
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      query: canonicalQuery(c.req.url),
      headers,
      signedHeaders: auth.signedHeaders,
      payloadHash,
    }
    const expected = await computeAcs3Signature({ ...input, secret: credentials.accessKeySecret })
    if (!timingSafeEqual(expected, auth.signature)) {
      // Like Alibaba's gateway, show the server's string to sign (a hash: nothing secret).
      const stringToSign = await acs3StringToSign(acs3CanonicalRequest(input))
      return fail('SignatureDoesNotMatch', `server string to sign is:${stringToSign}`)
    }
    // Remembered only once the signature holds, so forged requests cannot burn real nonces.
    if (!nonces.use(headers['x-acs-signature-nonce'] ?? '')) return fail('SignatureNonceUsed')
    await next()
  }
}
