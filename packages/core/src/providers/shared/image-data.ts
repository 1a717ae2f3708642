/**
 * Image formats and the ways providers hand images over (bytes, base64, signed URLs), shared by
 * every adapter: which format bytes are, what a file name or URL implies, when a signed URL
 * expires, and base64 read leniently.
 */
import { fromBase64 } from '../../signing/crypto-utils.js'
import { sniffImageMimeType } from './image-type.js'

/**
 * The real MIME type of a downloaded image: the answer's own content type when it names an image
 * type, else sniffed from the bytes, else `application/octet-stream`.
 */
export function downloadedImageMime(contentType: string | null, bytes: Uint8Array): string {
  const declared = contentType?.split(';')[0]?.trim().toLowerCase()
  if (declared?.startsWith('image/')) return declared
  return sniffImageMimeType(bytes) ?? 'application/octet-stream'
}

const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  bmp: 'image/bmp',
}

/** The MIME type a file name's (or URL path's) extension implies; null for none we know. */
export function mimeFromFileName(name: string): string | null {
  const extension = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase()
  return (extension && MIME_BY_EXTENSION[extension]) || null
}

const MAX_DATE_MS = 8.64e15

/**
 * When a signed OSS URL stops working, as ISO 8601: V1 `Expires` (epoch seconds) or V4
 * `x-oss-date` + `x-oss-expires` (seconds after it). Null when the URL does not say.
 */
export function signedUrlExpiry(url: string | URL): string | null {
  let params: URLSearchParams
  try {
    params = new URL(url).searchParams
  } catch {
    return null
  }
  const at = (ms: number) =>
    Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS ? new Date(ms).toISOString() : null
  const expires = params.get('Expires')
  if (expires && /^\d{1,15}$/.test(expires)) return at(Number(expires) * 1000)
  const date = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(params.get('x-oss-date') ?? '')
  const after = params.get('x-oss-expires')
  if (date && after && /^\d{1,9}$/.test(after)) {
    const [, y, mo, d, h, mi, s] = date.map(Number) as number[]
    return at(Date.UTC(y ?? 0, (mo ?? 1) - 1, d, h, mi, s) + Number(after) * 1000)
  }
  return null
}

/** Standard or URL-safe base64, whitespace and a `data:` URL prefix allowed; null if invalid. */
export function decodeBase64(text: string): Uint8Array | null {
  const payload = text.replace(/^data:[^,]*;base64,/i, '').replace(/\s+/g, '')
  const standard = payload.replaceAll('-', '+').replaceAll('_', '/')
  if (standard === '' || !/^[A-Za-z0-9+/]*={0,2}$/.test(standard)) return null
  try {
    return fromBase64(standard)
  } catch {
    return null
  }
}

/** The first 36 bytes of a base64 string (enough to sniff), or nothing when they do not decode. */
export function base64Head(text: string): Uint8Array {
  return decodeBase64(text.slice(0, 48)) ?? new Uint8Array()
}
