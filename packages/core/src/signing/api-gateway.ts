/**
 * Alibaba Cloud API Gateway signature (HmacSHA256), used by `speedpix`
 * (docs/providers.md#speedpix-signature). The signer and the emulator's verifier share the string
 * to sign, so they cannot drift apart.
 */

import { hmacSha256, toBase64 } from './crypto-utils.js'

/**
 * The headers Darkroom signs, in the order it declares them in `x-ca-signature-headers`
 * (the string to sign sorts them by name regardless).
 */
export const API_GATEWAY_SIGNED_HEADERS = [
  'x-ca-timestamp',
  'x-ca-key',
  'x-ca-nonce',
  'x-ca-signature-method',
] as const

/** What {@link signApiGateway} needs; the caller supplies timestamp and nonce headers. */
export interface ApiGatewaySignRequest {
  method: string
  /** Absolute or path-only; only the path and query are signed. */
  url: string
  /**
   * accept, content-type, date, x-ca-key, x-ca-nonce, x-ca-timestamp, x-ca-signature-method
   * and, when wanted, content-md5 (see `md5Base64`). Any letter case.
   */
  headers: Record<string, string>
  appSecret: string
}

/** The inputs of the string to sign, as either side sees them. */
export interface ApiGatewayStringToSignInput {
  method: string
  url: string
  /** Request headers, any letter case. */
  headers: Record<string, string>
  /** Names from `x-ca-signature-headers`, any order and case. */
  signedHeaders: readonly string[]
}

/**
 * The string to sign (step 2), exported so the emulator can rebuild it from a received request
 * and show it when signatures differ, as the real gateway does.
 */
export function apiGatewayStringToSign(input: ApiGatewayStringToSignInput): string {
  return stringToSign(
    input.method,
    lowercaseKeys(input.headers),
    signedNames(input.signedHeaders),
    input.url,
  )
}

/** Lowercase, deduplicated and sorted by name, as the string to sign lists them. */
function signedNames(names: readonly string[]): string[] {
  return [...new Set(names.map((name) => name.trim().toLowerCase()))].sort(compare)
}

/** Darkroom's own signed headers, in string-to-sign order, worked out once. */
const DARKROOM_SIGNED_NAMES = signedNames(API_GATEWAY_SIGNED_HEADERS)

/** The headers of the string to sign's fixed lines, in their order. */
const HEAD_LINES = ['accept', 'content-md5', 'content-type', 'date'] as const

/** Builds the string to sign from lowercase headers and names already in {@link signedNames} form. */
function stringToSign(
  method: string,
  headers: Record<string, string>,
  names: readonly string[],
  url: string,
): string {
  let text = method.toUpperCase()
  for (const name of HEAD_LINES) text += `\n${(headers[name] ?? '').trim()}`
  text += '\n'
  for (const name of names) text += `${name}:${(headers[name] ?? '').trim()}\n`
  return text + pathAndQuery(url)
}

/** The `x-ca-signature` value (step 3): base64 HMAC-SHA256 keyed with the AppSecret. */
export async function computeApiGatewaySignature(
  stringToSign: string,
  appSecret: string,
): Promise<string> {
  return toBase64(await hmacSha256(appSecret, stringToSign))
}

/** Reads `x-ca-signature-headers` so the verifier signs over what the client declared. */
export function parseApiGatewaySignatureHeaders(value: string): string[] {
  return value
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '')
}

/**
 * Signs a `speedpix` request. Returns every header to send with lowercase names; defaults
 * `x-ca-signature-method` to `HmacSHA256` since the gateway rejects a signature without it.
 */
export async function signApiGateway(req: ApiGatewaySignRequest): Promise<Record<string, string>> {
  const headers = lowercaseKeys(req.headers)
  headers['x-ca-signature-method'] ??= 'HmacSHA256'
  headers['x-ca-signature-headers'] = API_GATEWAY_SIGNED_HEADERS.join(',')
  const text = stringToSign(req.method, headers, DARKROOM_SIGNED_NAMES, req.url)
  headers['x-ca-signature'] = await computeApiGatewaySignature(text, req.appSecret)
  return headers
}

/**
 * Path plus `?k=v&...` sorted by key with decoded values, as the official SDK builds it; a key
 * with a blank value appears without `=` (the SDK's `isBlank` check). Form bodies, which the
 * SDK also folds in here, are not used by Darkroom.
 */
function pathAndQuery(url: string): string {
  const parsed = new URL(url, 'http://localhost')
  const query = [...parsed.searchParams]
    .sort(([a], [b]) => compare(a, b))
    .map(([name, value]) => (value.trim() === '' ? name : `${name}=${value}`))
    .join('&')
  return query ? `${parsed.pathname}?${query}` : parsed.pathname
}

function lowercaseKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value
  return out
}

/** Code-unit order, as the SDK's TreeMap sorts; `localeCompare` would vary with the locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
