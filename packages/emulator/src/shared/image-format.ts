/** Image formats by their magic numbers, for the emulators' checks of uploaded images. */

/** A format the emulators recognize. */
export type ImageFormat = 'jpeg' | 'png' | 'bmp' | 'webp'

/** True when `bytes` hold `text` (ASCII) from `from` on. */
export function ascii(bytes: Uint8Array, from: number, text: string): boolean {
  for (let i = 0; i < text.length; i++) if (bytes[from + i] !== text.charCodeAt(i)) return false
  return true
}

/** The format of an image from its magic number; null for none of JPEG, PNG, BMP, WEBP. */
export function imageFormat(bytes: Uint8Array): ImageFormat | null {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg'
  if (bytes[0] === 0x89 && ascii(bytes, 1, 'PNG\r\n\x1a\n')) return 'png'
  if (ascii(bytes, 0, 'BM')) return 'bmp'
  if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WEBP')) return 'webp'
  return null
}
