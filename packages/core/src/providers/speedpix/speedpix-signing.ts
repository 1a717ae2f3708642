/**
 * Builds signed SpeedPix requests (docs/providers.md#speedpix-signature) with the core API Gateway
 * signer. Called once per HTTP attempt, so every retry carries a fresh date, timestamp, nonce and
 * signature.
 */

import type { PreparedRequest } from '../../http/http-client.js'
import { md5Base64, signApiGateway, utf8 } from '../../signing/index.js'

/** accept and content-type of every call; both are signed, so they must be sent exactly so. */
export const SPEEDPIX_CONTENT_TYPE = 'application/json; charset=utf-8'

/** What one signed SpeedPix call needs. */
export interface SpeedpixRequestInput {
  /** Base URL without a trailing slash, e.g. `https://openai.edu-aliyun.com`. */
  baseUrl: string
  /** e.g. `/scc/sd_txt2img`. */
  path: string
  /** The exact JSON body; its bytes are hashed into content-md5. */
  body: string
  appKey: string
  appSecret: string
  /** Sent as `X-SP-RESOURCE-CONFIG-ID` (not signed: the gateway signs only x-ca-* headers). */
  resourceConfigId?: string | undefined
  /** Epoch milliseconds, from the adapter's clock. */
  now: number
  /** A fresh UUID per attempt: the gateway refuses a nonce it has seen within 15 minutes. */
  nonce: string
  /**
   * The `date` header. Default: the RFC 7231 form of `now`. Only tests override it, to replay the
   * official SDK's known answers, which use `... GMT+00:00`.
   */
  date?: string | undefined
}

/**
 * Returns the request to send. `content-md5` is always sent: it costs one MD5 of a small body and
 * lets the gateway refuse a body altered in transit, which the signature alone would not cover.
 * Note the `date` header is one browsers refuse to set; SpeedPix is meant to be called from a
 * server (its AppSecret must never reach a browser), so that does not arise in practice.
 */
export async function buildSpeedpixRequest(input: SpeedpixRequestInput): Promise<PreparedRequest> {
  const url = `${input.baseUrl}${input.path}`
  const headers: Record<string, string> = {
    accept: SPEEDPIX_CONTENT_TYPE,
    'content-type': SPEEDPIX_CONTENT_TYPE,
    'content-md5': md5Base64(utf8(input.body)),
    date: input.date ?? new Date(input.now).toUTCString(),
    'x-ca-key': input.appKey,
    'x-ca-nonce': input.nonce,
    'x-ca-timestamp': String(input.now),
    'x-ca-signature-method': 'HmacSHA256',
  }
  const signed = await signApiGateway({
    method: 'POST',
    url,
    headers,
    appSecret: input.appSecret,
  })
  if (input.resourceConfigId) signed['x-sp-resource-config-id'] = input.resourceConfigId
  return { method: 'POST', url, headers: signed, body: input.body }
}
