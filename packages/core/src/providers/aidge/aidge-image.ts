/** Recognizing the image formats Aidge accepts and returns, from their first bytes. */

const SIGNATURES: ReadonlyArray<readonly [string, (head: Uint8Array) => boolean]> = [
  ['image/jpeg', (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff],
  ['image/png', (h) => h[0] === 0x89 && ascii(h, 1, 'PNG\r\n\x1a\n')],
  ['image/bmp', (h) => ascii(h, 0, 'BM')],
  ['image/webp', (h) => ascii(h, 0, 'RIFF') && ascii(h, 8, 'WEBP')],
]

function ascii(head: Uint8Array, from: number, text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (head[from + i] !== text.charCodeAt(i)) return false
  }
  return true
}

/**
 * The MIME type of JPEG, PNG, BMP or WEBP bytes, or null. Used when a download has no usable
 * content-type, so callers still learn what they got.
 */
export function sniffImageMime(head: Uint8Array): string | null {
  for (const [mime, test] of SIGNATURES) if (test(head)) return mime
  return null
}

/** The first bytes of a base64 string, or nothing when they do not decode. */
export function base64Head(text: string): Uint8Array {
  try {
    const binary = atob(text.slice(0, 16))
    return Uint8Array.from(binary, (c) => c.charCodeAt(0))
  } catch {
    return new Uint8Array()
  }
}
