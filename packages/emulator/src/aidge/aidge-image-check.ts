/**
 * The input-image rules of Aidge (JPEG/PNG/BMP/WEBP, at most 4 MB, 512×512 to 3000×3000),
 * checked as far as possible without fetching anything: base64 images are decoded and their
 * header read; URLs are only checked for scheme and an unsupported file extension, since the
 * emulator never reaches out to the network.
 */
import { base64ToBytes } from '../shared/base64.js'
import { ascii, type ImageFormat, imageFormat } from '../shared/image-format.js'

/** Limits of the input image. */
export const INPUT_IMAGE_LIMITS = { maxBytes: 4 * 1024 * 1024, minSide: 512, maxSide: 3000 }

const u16be = (b: Uint8Array, i: number) => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0)
const u16le = (b: Uint8Array, i: number) => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8)
const u24le = (b: Uint8Array, i: number) => u16le(b, i) | ((b[i + 2] ?? 0) << 16)
const u32be = (b: Uint8Array, i: number) => u16be(b, i) * 0x10000 + u16be(b, i + 2)
const i32le = (b: Uint8Array, i: number) => u16le(b, i) | (u16le(b, i + 2) << 16) | 0

function jpegSize(b: Uint8Array): [number, number] | null {
  let i = 2
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null
    const marker = b[i + 1] ?? 0
    if (marker === 0xff) {
      i += 1 // fill byte
      continue
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      i += 2 // markers without a length
      continue
    }
    const isFrame = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)
    if (isFrame) return [u16be(b, i + 7), u16be(b, i + 5)]
    i += 2 + u16be(b, i + 2)
  }
  return null
}

function webpSize(b: Uint8Array): [number, number] | null {
  if (ascii(b, 12, 'VP8 ')) return [u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff]
  if (ascii(b, 12, 'VP8L')) {
    const [b1, b2, b3, b4] = [b[21] ?? 0, b[22] ?? 0, b[23] ?? 0, b[24] ?? 0]
    return [
      1 + (((b2 & 0x3f) << 8) | b1),
      1 + (((b4 & 0xf) << 10) | (b3 << 2) | ((b2 & 0xc0) >> 6)),
    ]
  }
  if (ascii(b, 12, 'VP8X')) return [1 + u24le(b, 24), 1 + u24le(b, 27)]
  return null
}

/** Width and height from the image header, or null when the header is too short to say. */
export function imageSize(bytes: Uint8Array, format: ImageFormat): [number, number] | null {
  switch (format) {
    case 'png':
      return bytes.length >= 24 ? [u32be(bytes, 16), u32be(bytes, 20)] : null
    case 'bmp':
      return bytes.length >= 26 ? [i32le(bytes, 18), Math.abs(i32le(bytes, 22))] : null
    case 'jpeg':
      return jpegSize(bytes)
    case 'webp':
      return bytes.length >= 30 ? webpSize(bytes) : null
  }
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/
const DATA_URL = /^data:image\/[a-z0-9.+-]+;base64,/i

/** Checks a base64 input image; returns what is wrong with it, or null. */
export function checkBase64Image(value: string): string | null {
  const text = value.replace(DATA_URL, '').replace(/\s+/g, '')
  const { maxBytes, minSide, maxSide } = INPUT_IMAGE_LIMITS
  if (!BASE64.test(text) || text.length % 4 === 1) return 'imageBase64 is not valid base64'
  if (Math.floor((text.length * 3) / 4) > maxBytes + 2) return 'imageBase64 is larger than 4 MB'
  let bytes: Uint8Array
  try {
    bytes = base64ToBytes(text.padEnd(Math.ceil(text.length / 4) * 4, '='))
  } catch {
    return 'imageBase64 is not valid base64'
  }
  if (bytes.length > maxBytes) return 'imageBase64 is larger than 4 MB'
  const format = imageFormat(bytes)
  if (!format) return 'imageBase64 must be a JPEG, PNG, BMP or WEBP image'
  const size = imageSize(bytes, format)
  if (size?.some((side) => side < minSide || side > maxSide)) {
    return `imageBase64 must be between ${minSide}x${minSide} and ${maxSide}x${maxSide} pixels, got ${size[0]}x${size[1]}`
  }
  return null
}

/** Image formats the service does not take, recognizable from a URL's extension. */
const UNSUPPORTED = /\.(gif|svg|tiff?|heic|heif|avif|ico|pdf)$/i

/** Checks an input image URL as far as possible offline; returns what is wrong, or null. */
export function checkImageUrl(value: string): string | null {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return 'imageUrl must be an absolute http(s) URL'
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return 'imageUrl must use http or https'
  if (UNSUPPORTED.test(url.pathname)) return 'imageUrl must point to a JPEG, PNG, BMP or WEBP image'
  return null
}
