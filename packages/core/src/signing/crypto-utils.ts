/**
 * Byte and hash helpers shared by the three signers. Web APIs and `@noble/hashes` (audited,
 * dependency-free JavaScript) only, so the same code runs in browsers, workers, Deno, Bun and Node
 * without a `node:crypto` import.
 */

import { hmac } from '@noble/hashes/hmac.js'
import { md5 as nobleMd5 } from '@noble/hashes/legacy.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'

const encoder = new TextEncoder()

/**
 * Inputs of up to this many bytes are hashed by `@noble/hashes` on the calling thread, larger ones
 * by Web Crypto. Node runs every Web Crypto call on a worker thread, and that hop costs 25-40 µs
 * of CPU whatever the size, while noble's SHA-256 costs about 10 µs per KiB. Measured on the AMD
 * EPYC benchmark machine, Node 20.20, CPU per digest (noble / Web Crypto): 64 B 2.4 / 31 µs,
 * 1 KiB 11-13 / 26-31 µs, 2 KiB 20-23 / 30-40 µs, 3 KiB 48 / 38 µs, 8 KiB 99-123 / 44-52 µs,
 * a 4 MiB aidge image 47-48 ms / 4.4-5.2 ms. So small inputs (every string to sign, status
 * bodies) stay synchronous and large bodies (a base64 image) go to Web Crypto.
 */
export const NOBLE_MAX_BYTES = 2048

/** Every provider signs the UTF-8 bytes of its strings; one encoder keeps that consistent. */
export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(text)
}

/** ACS3 and Aidge put digests on the wire as hex (lowercase here; Aidge uppercases its own). */
export function toHex(bytes: Uint8Array): string {
  return bytesToHex(bytes)
}

const codesOf = (alphabet: string) => Uint8Array.from(alphabet, (c) => c.charCodeAt(0))
const BASE64 = codesOf('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')
const BASE64URL = codesOf('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_')
/** The output is ASCII, which windows-1252 (what `latin1` names here) decodes as itself. */
const ascii = new TextDecoder('latin1')

/**
 * Base64 by table into a byte array decoded once. `btoa(String.fromCharCode(...))` cost 3 µs for
 * a 32-byte MAC (a status call makes two) and 470 ms for a 4 MiB image; this costs 0.5 µs and
 * 28 ms (AMD EPYC, Node 20.20).
 */
function encodeBase64(bytes: Uint8Array, alphabet: Uint8Array, pad: boolean): string {
  const whole = bytes.length - (bytes.length % 3)
  const rest = bytes.length - whole
  const out = new Uint8Array((whole / 3) * 4 + (rest === 0 ? 0 : pad ? 4 : rest + 1))
  let o = 0
  for (let i = 0; i < whole; i += 3) {
    const v =
      ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number)
    out[o++] = alphabet[v >>> 18] as number
    out[o++] = alphabet[(v >>> 12) & 63] as number
    out[o++] = alphabet[(v >>> 6) & 63] as number
    out[o++] = alphabet[v & 63] as number
  }
  if (rest > 0) {
    const v =
      ((bytes[whole] as number) << 16) | (rest === 2 ? (bytes[whole + 1] as number) << 8 : 0)
    out[o++] = alphabet[v >>> 18] as number
    out[o++] = alphabet[(v >>> 12) & 63] as number
    if (rest === 2) out[o++] = alphabet[(v >>> 6) & 63] as number
    else if (pad) out[o++] = 61 // '='
    if (pad) out[o++] = 61
  }
  return ascii.decode(out)
}

/** API Gateway signatures and content-md5 travel as standard (padded) base64. */
export function toBase64(bytes: Uint8Array): string {
  return encodeBase64(bytes, BASE64, true)
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
  return encodeBase64(bytes, BASE64URL, false)
}

/** Decodes unpadded base64url; null for anything that is not base64url. */
export function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null
  return fromBase64(text.replaceAll('-', '+').replaceAll('_', '/'))
}

/** Web Crypto wants buffers it owns; this copies a view backed by anything into one. */
function ownBuffer(data: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(data)
}

/** ACS3 hashes both the body and the canonical request as lowercase hex SHA-256. */
export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  const bytes = typeof data === 'string' ? utf8(data) : data
  if (bytes.length <= NOBLE_MAX_BYTES) return bytesToHex(sha256(bytes))
  return bytesToHex(new Uint8Array(await crypto.subtle.digest('SHA-256', ownBuffer(bytes))))
}

/**
 * All three providers key HMAC-SHA256 with a UTF-8 secret; each encodes the raw MAC its own way
 * (hex, uppercase hex, base64), so this returns the bytes.
 */
export async function hmacSha256(key: string, message: string | Uint8Array): Promise<Uint8Array> {
  const bytes = typeof message === 'string' ? utf8(message) : message
  if (bytes.length <= NOBLE_MAX_BYTES) return keyedHmac(key).clone().update(bytes).digest()
  const cryptoKey = await crypto.subtle.importKey(
    'raw',
    utf8(key),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  return new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, ownBuffer(bytes)))
}

type KeyedHmac = ReturnType<typeof hmac.create>

/**
 * HMAC states already keyed, by key. Keying hashes the key's two padded blocks, and that was two
 * thirds of a small MAC: 15 µs from scratch against 5.7 µs from a keyed state's copy (Node 20,
 * AMD EPYC). A process uses a handful of keys (each adapter's secret, the gateway's API-key
 * pepper and token secret); past {@link MAX_KEYED} the cache starts over rather than grow.
 */
const keyed = new Map<string, KeyedHmac>()
const MAX_KEYED = 32

function keyedHmac(key: string): KeyedHmac {
  let state = keyed.get(key)
  if (!state) {
    if (keyed.size >= MAX_KEYED) keyed.clear()
    state = hmac.create(sha256, utf8(key))
    keyed.set(key, state)
  }
  return state
}

/**
 * MD5 (RFC 1321), the raw 16-byte digest. Web Crypto has no MD5, yet the API Gateway's optional
 * `content-md5` header is one, and adapters and emulators must compute and verify it. Not for
 * any security purpose.
 */
export function md5(bytes: Uint8Array): Uint8Array {
  return nobleMd5(bytes)
}

/** The `content-md5` header value: base64 of the MD5 of the exact body bytes. */
export function md5Base64(bytes: Uint8Array): string {
  return toBase64(nobleMd5(bytes))
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
