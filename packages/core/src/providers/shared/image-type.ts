/**
 * Telling image bytes by their first bytes (their magic number): one check for every adapter and
 * for the remote client, which refuses a gateway's "image" that is really an HTML or JSON page.
 */

/** How many leading bytes {@link sniffImageMimeType} needs to tell each format it knows. */
export const IMAGE_SIGNATURE_BYTES = 26

function startsWith(bytes: Uint8Array, prefix: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + prefix.length) return false
  return prefix.every((byte, i) => bytes[offset + i] === byte)
}

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0))

/**
 * The MIME type the bytes' magic number says: `image/png`, `image/jpeg`, `image/gif`,
 * `image/webp` or `image/bmp`; null when they are no image format we know.
 */
export function sniffImageMimeType(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png'
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg'
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif'
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp'
  // "BM" alone is too common a start (base64 text, say): a BMP's file header and its smallest
  // DIB header take 26 bytes.
  if (startsWith(bytes, ascii('BM')) && bytes.length >= IMAGE_SIGNATURE_BYTES) return 'image/bmp'
  return null
}
