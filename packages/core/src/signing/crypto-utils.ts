/**
 * Byte and hash helpers shared by the three signers. Web Crypto only, so the same code runs in
 * browsers, workers, Deno, Bun and Node without a `node:crypto` import.
 */

const encoder = new TextEncoder()

/** Every provider signs the UTF-8 bytes of its strings; one encoder keeps that consistent. */
export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(text)
}

/** ACS3 and Aidge put digests on the wire as hex (lowercase here; Aidge uppercases its own). */
export function toHex(bytes: Uint8Array): string {
  let hex = ''
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0')
  return hex
}

/** API Gateway signatures and content-md5 travel as standard (padded) base64. */
export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  // Chunked so very large inputs do not overflow the argument limit of String.fromCharCode.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  }
  return btoa(binary)
}

/** Decodes standard base64; throws a `DOMException` on malformed input, as `atob` does. */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/** base64url without padding (RFC 4648 §5): for ids and tokens that travel in URL paths. */
export function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')
}

/** Decodes unpadded base64url; null for anything that is not base64url. */
export function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null
  return fromBase64(text.replaceAll('-', '+').replaceAll('_', '/'))
}

/** Web Crypto wants buffers it owns; this copies a view backed by anything into one. */
function ownBuffer(data: string | Uint8Array): Uint8Array<ArrayBuffer> {
  return typeof data === 'string' ? utf8(data) : new Uint8Array(data)
}

/** ACS3 hashes both the body and the canonical request as lowercase hex SHA-256. */
export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', ownBuffer(data))))
}

/**
 * All three providers key HMAC-SHA256 with a UTF-8 secret; each encodes the raw MAC its own way
 * (hex, uppercase hex, base64), so this returns the bytes.
 */
export async function hmacSha256(key: string, message: string | Uint8Array): Promise<Uint8Array> {
  const cryptoKey = await crypto.subtle.importKey(
    'raw',
    utf8(key),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  return new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, ownBuffer(message)))
}

/**
 * Emulators compare a received signature with the expected one; a comparison that stops at the
 * first differing character would leak how much of a forged signature is right.
 */
export function timingSafeEqual(a: string, b: string): boolean {
  const length = Math.max(a.length, b.length)
  let diff = a.length ^ b.length
  for (let i = 0; i < length; i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0)
  return diff === 0
}
