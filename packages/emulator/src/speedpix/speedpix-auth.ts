/**
 * The API Gateway's signature check (docs/providers.md#speedpix-signature), with the same core
 * primitives the adapter signs with. Order: AppKey, signature method, timestamp window,
 * content-md5, signature, nonce.
 * The nonce is recorded only once the signature is valid, so forged requests cannot burn the
 * nonces of real ones.
 */

import type { Clock } from '@darkroom/core'
import {
  apiGatewayStringToSign,
  computeApiGatewaySignature,
  md5Base64,
  parseApiGatewaySignatureHeaders,
  timingSafeEqual,
} from '@darkroom/core/signing'
import type { MiddlewareHandler } from 'hono'
import { isFresh, type NonceCache } from '../shared/nonce-cache.js'
import {
  GATEWAY,
  invalidHeader,
  invalidSignature,
  missingHeader,
  refuse,
  type SpeedpixEnv,
} from './speedpix-gateway.js'

/** An AppKey and the AppSecret that signs for it. */
export interface SpeedpixCredentials {
  appKey: string
  appSecret: string
}

/** What the signature check needs. */
export interface ApiGatewayAuthOptions {
  /** The accepted key pairs. */
  credentials: readonly SpeedpixCredentials[]
  /** The emulator's clock: timestamps are judged against it. */
  clock: Clock
  /** Nonces seen within the last 15 minutes. */
  nonces: NonceCache
}

/** Headers that must be present; the gateway names the first one missing. */
const REQUIRED = ['X-Ca-Key', 'X-Ca-Signature', 'X-Ca-Timestamp', 'X-Ca-Nonce'] as const

/**
 * Verifies the request and stores its body in `c.var.body`. The signature covers the headers
 * the client lists in `X-Ca-Signature-Headers`, as the real gateway does, so the official SDK's
 * choice of signed headers and Darkroom's both verify.
 */
export function apiGatewayAuth(options: ApiGatewayAuthOptions): MiddlewareHandler<SpeedpixEnv> {
  const secrets = new Map(options.credentials.map((c) => [c.appKey, c.appSecret]))
  return async (c, next) => {
    for (const name of REQUIRED) {
      if (!c.req.header(name)) return refuse(c, missingHeader(name))
    }
    const appKey = c.req.header('X-Ca-Key') as string
    const secret = secrets.get(appKey)
    if (secret === undefined) return refuse(c, GATEWAY.invalidAppKey)
    // The gateway defaults the method to HmacSHA256; HmacSHA1 exists there but not in Darkroom.
    const method = c.req.header('X-Ca-Signature-Method') ?? 'HmacSHA256'
    if (method !== 'HmacSHA256') {
      return refuse(c, invalidHeader('X-Ca-Signature-Method', `${method} unsupported`))
    }
    const timestamp = c.req.header('X-Ca-Timestamp') as string
    if (!/^\d{1,15}$/.test(timestamp) || !isFresh(Number(timestamp), options.clock.now())) {
      return refuse(c, GATEWAY.invalidTimestamp)
    }
    const bytes = new Uint8Array(await c.req.arrayBuffer())
    const md5 = c.req.header('Content-MD5')
    if (md5 !== undefined && md5 !== md5Base64(bytes)) return refuse(c, GATEWAY.invalidContentMd5)

    const headers = Object.fromEntries(c.req.raw.headers)
    const stringToSign = apiGatewayStringToSign({
      method: c.req.method,
      url: c.req.url,
      headers,
      signedHeaders: parseApiGatewaySignatureHeaders(headers['x-ca-signature-headers'] ?? ''),
    })
    const expected = await computeApiGatewaySignature(stringToSign, secret)
    if (!timingSafeEqual(expected, c.req.header('X-Ca-Signature') as string)) {
      return refuse(c, invalidSignature(stringToSign))
    }
    if (!options.nonces.use(c.req.header('X-Ca-Nonce') as string)) {
      return refuse(c, GATEWAY.nonceUsed)
    }
    c.set('body', new TextDecoder().decode(bytes))
    c.set('appKey', appKey)
    await next()
  }
}
