/**
 * Alibaba Cloud signature V3 (`ACS3-HMAC-SHA256`), used by `aicontent`
 * (docs/providers.md#aicontent-signature). The signer and the emulator's verifier share every
 * step below, so they cannot drift apart.
 */

import { hmacSha256, sha256Hex, toHex } from './crypto-utils.js'

/** The algorithm name, both the first line of the string to sign and the Authorization scheme. */
export const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256'

/** SHA-256 of no bytes: the payload hash of every request without a body (status calls are GETs). */
const EMPTY_PAYLOAD_HASH = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'

/** What {@link signAcs3} needs; `date` and `nonce` are inputs so known answers are testable. */
export interface Acs3SignRequest {
  method: string
  /** Absolute URL; its query must already be encoded as {@link acs3Query} does. */
  url: string
  headers: Record<string, string>
  body?: string
  accessKeyId: string
  accessKeySecret: string
  /** `x-acs-date`, UTC `YYYY-MM-DDTHH:mm:ssZ`. */
  date: string
  /** `x-acs-signature-nonce`, unique per request. */
  nonce: string
}

/** The inputs of the signature proper, apart from how a client or a server obtained them. */
export interface Acs3SignatureInput {
  method: string
  /** The URL path as sent (already percent-encoded), `/` when empty. */
  path: string
  /** The canonical query, as produced by {@link canonicalQuery}. */
  query: string
  /** Values of the signed headers, keyed by lowercase name; others are ignored. */
  headers: Record<string, string>
  /** Lowercase names in the order the client declared (sorted, when it follows the spec). */
  signedHeaders: readonly string[]
  /** Lowercase hex SHA-256 of the body, as sent in `x-acs-content-sha256`. */
  payloadHash: string
  secret: string
}

/** The three fields of an ACS3 Authorization header, for an emulator to check a request. */
export interface Acs3Authorization {
  credential: string
  signedHeaders: string[]
  signature: string
}

/**
 * ACS3 percent-encodes per RFC 3986, which `encodeURIComponent` almost does: it leaves
 * `!'()*` alone, and a mismatch there means a signature mismatch on the server.
 */
export function acs3Encode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
}

/**
 * Builds a query string that is at once the canonical one and the one to send, because the URL
 * on the wire must encode exactly as the signature did. Sorted by name, then by value.
 */
export function acs3Query(params: Iterable<readonly [string, string]>): string {
  return [...params]
    .map(([name, value]) => [acs3Encode(name), acs3Encode(value)] as const)
    .sort(([an, av], [bn, bv]) => compare(an, bn) || compare(av, bv))
    .map(([name, value]) => `${name}=${value}`)
    .join('&')
}

/**
 * The canonical query of a URL as received, whatever encoding the sender chose; relative URLs
 * are accepted so an emulator can pass a request target as is.
 */
export function canonicalQuery(url: string | URL): string {
  return acs3Query(new URL(url, 'http://localhost').searchParams)
}

/**
 * Which headers get signed: all `x-acs-*`, plus `host` and `content-type`; never `accept` or
 * `user-agent`, which proxies may rewrite. Expects lowercase names; returns them sorted.
 */
export function acs3SignedHeaderNames(headers: Record<string, string>): string[] {
  return Object.keys(headers)
    .filter((name) => name.startsWith('x-acs-') || name === 'host' || name === 'content-type')
    .sort(compare)
}

/**
 * The canonical request (step 5), exported so a verifier can show it when signatures differ,
 * as Alibaba's own gateway does. A signed header the request lacks counts as empty.
 */
export function acs3CanonicalRequest(input: Omit<Acs3SignatureInput, 'secret'>): string {
  const canonicalHeaders = input.signedHeaders
    .map((name) => `${name}:${(input.headers[name] ?? '').trim()}\n`)
    .join('')
  return [
    input.method.toUpperCase(),
    input.path || '/',
    input.query,
    canonicalHeaders,
    input.signedHeaders.join(';'),
    input.payloadHash,
  ].join('\n')
}

/** The string to sign (step 6): the algorithm, then the hash of the canonical request. */
export async function acs3StringToSign(canonicalRequest: string): Promise<string> {
  return `${ACS3_ALGORITHM}\n${await sha256Hex(canonicalRequest)}`
}

/**
 * The lowercase hex signature (step 7). The verifier calls it with what the request declared
 * and compares the result with `timingSafeEqual`.
 */
export async function computeAcs3Signature(input: Acs3SignatureInput): Promise<string> {
  const stringToSign = await acs3StringToSign(acs3CanonicalRequest(input))
  return toHex(await hmacSha256(input.secret, stringToSign))
}

/**
 * Splits an Authorization header back into its fields so the verifier can look up the key and
 * recompute over exactly the headers the client signed. Null when it is not ACS3 or incomplete.
 */
export function parseAcs3Authorization(header: string): Acs3Authorization | null {
  const match = /^\s*ACS3-HMAC-SHA256\s+(.*)$/s.exec(header)
  if (!match?.[1]) return null
  const fields = new Map<string, string>()
  for (const part of match[1].split(',')) {
    const eq = part.indexOf('=')
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim())
  }
  const credential = fields.get('Credential')
  const signedHeaders = fields.get('SignedHeaders')
  const signature = fields.get('Signature')
  if (!credential || !signedHeaders || !signature) return null
  return {
    credential,
    signedHeaders: signedHeaders
      .split(';')
      .map((name) => name.trim().toLowerCase())
      .filter((name) => name !== ''),
    signature,
  }
}

/**
 * Signs an `aicontent` request (steps 1-8). Returns every header to send, names lowercased so
 * callers never end up with both `Host` and `host`; host, date, nonce and body hash are set
 * here, overriding any the caller passed, so they always match what was signed.
 */
export async function signAcs3(req: Acs3SignRequest): Promise<Record<string, string>> {
  const url = new URL(req.url)
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.headers)) headers[name.toLowerCase()] = value
  const payloadHash = req.body ? await sha256Hex(req.body) : EMPTY_PAYLOAD_HASH
  headers.host = url.host
  headers['x-acs-date'] = req.date
  headers['x-acs-signature-nonce'] = req.nonce
  headers['x-acs-content-sha256'] = payloadHash

  const signedHeaders = acs3SignedHeaderNames(headers)
  const signature = await computeAcs3Signature({
    method: req.method,
    path: url.pathname,
    query: acs3Query(url.searchParams),
    headers,
    signedHeaders,
    payloadHash,
    secret: req.accessKeySecret,
  })
  headers.authorization = [
    `${ACS3_ALGORITHM} Credential=${req.accessKeyId}`,
    `SignedHeaders=${signedHeaders.join(';')}`,
    `Signature=${signature}`,
  ].join(',')
  return headers
}

/** Code-unit order, as the SDKs sort; `localeCompare` would vary with the runtime's locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
