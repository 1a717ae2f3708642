import { base64ToBytes, bytesToBase64 } from './base64.js'

/** Input of {@link signImageUrl}. */
export interface SignImageUrlInput {
  /** Origin and optional path prefix the emulator serves images under, e.g. `http://127.0.0.1:8787/oss`. */
  baseUrl: string
  /** Object path below `baseUrl`, e.g. `results/<taskId>/0.png`. */
  path: string
  /**
   * Epoch milliseconds after which the URL stops working, so clients meet the same expiry
   * providers impose. Rounded up to a whole second, as OSS `Expires` is in seconds.
   */
  expiresAt: number
  /** HMAC key; only the emulator knows it, so clients cannot forge or extend URLs. */
  secret: string
  /** Shown as `OSSAccessKeyId` (and signed) to look like an OSS URL. Default `LTAIemulator`. */
  accessKeyId?: string
}

/** Options of {@link verifyImageUrl}. */
export interface VerifyImageUrlOptions {
  /** The secret the URL was signed with. */
  secret: string
  /** Epoch milliseconds, from the emulator's clock so expiry follows virtual time. */
  now: number
}

/** Why a URL was refused; the app picks the provider's error answer for each. */
export type ImageUrlVerdict = 'ok' | 'expired' | 'bad-signature'

const encoder = new TextEncoder()

/**
 * What is signed: the method, expiry, access key and full path, like OSS's V1 query-string
 * signature (but HMAC-SHA256). The host is left out so the same URL works in-process and over
 * HTTP.
 */
function stringToSign(
  expires: string,
  accessKeyId: string,
  pathname: string,
): Uint8Array<ArrayBuffer> {
  return encoder.encode(`GET\n${expires}\n${accessKeyId}\n${pathname}`)
}

function importKey(secret: string, usage: 'sign' | 'verify'): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    [usage],
  )
}

/** Builds an expiring OSS-style URL: `...?OSSAccessKeyId=..&Expires=<s>&Signature=<base64>`. */
export async function signImageUrl(input: SignImageUrlInput): Promise<string> {
  const { baseUrl, path, expiresAt, secret, accessKeyId = 'LTAIemulator' } = input
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`)
  const expires = String(Math.ceil(expiresAt / 1000))
  const key = await importKey(secret, 'sign')
  const mac = await crypto.subtle.sign(
    'HMAC',
    key,
    stringToSign(expires, accessKeyId, url.pathname),
  )
  url.searchParams.set('OSSAccessKeyId', accessKeyId)
  url.searchParams.set('Expires', expires)
  url.searchParams.set('Signature', bytesToBase64(new Uint8Array(mac)))
  return url.toString()
}

/**
 * Checks a URL made by {@link signImageUrl}. The signature is checked first, so a tampered
 * `Expires` reads as `bad-signature`, not as a fresh URL. The comparison is
 * `crypto.subtle.verify`, which is constant-time, so response timing reveals nothing about the
 * correct signature. A URL is usable up to and including its `Expires` second.
 */
export async function verifyImageUrl(
  url: string | URL,
  options: VerifyImageUrlOptions,
): Promise<ImageUrlVerdict> {
  let parsed: URL
  let signature: Uint8Array<ArrayBuffer>
  try {
    parsed = new URL(url)
    signature = base64ToBytes(parsed.searchParams.get('Signature') ?? '')
  } catch {
    return 'bad-signature'
  }
  const expires = parsed.searchParams.get('Expires') ?? ''
  const accessKeyId = parsed.searchParams.get('OSSAccessKeyId') ?? ''
  if (!/^\d{1,15}$/.test(expires) || signature.length === 0) return 'bad-signature'
  const key = await importKey(options.secret, 'verify')
  const valid = await crypto.subtle.verify(
    'HMAC',
    key,
    signature,
    stringToSign(expires, accessKeyId, parsed.pathname),
  )
  if (!valid) return 'bad-signature'
  return options.now > Number(expires) * 1000 ? 'expired' : 'ok'
}
