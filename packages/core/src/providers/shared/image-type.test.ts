import { describe, expect, it } from 'vitest'
import { IMAGE_SIGNATURE_BYTES, sniffImageMimeType } from './image-type.js'

/** `head` followed by zeros, `length` bytes in all. */
function bytes(head: number[] | string, length = 64): Uint8Array {
  const out = new Uint8Array(length)
  out.set(typeof head === 'string' ? [...head].map((c) => c.charCodeAt(0)) : head)
  return out
}

describe('sniffImageMimeType', () => {
  it.each([
    ['image/png', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
    ['image/jpeg', bytes([0xff, 0xd8, 0xff, 0xe0])],
    ['image/gif', bytes('GIF87a')],
    ['image/gif', bytes('GIF89a')],
    ['image/webp', bytes('RIFF\x24\0\0\0WEBPVP8 ')],
    ['image/bmp', bytes('BM', IMAGE_SIGNATURE_BYTES)],
  ])('tells %s by its first bytes', (mime, image) => {
    expect(sniffImageMimeType(image)).toBe(mime)
    expect(sniffImageMimeType(image.slice(0, IMAGE_SIGNATURE_BYTES))).toBe(mime)
  })

  it.each([
    ['an HTML page', bytes('<!doctype html><title>Sign in</title>')],
    ['a JSON document', bytes('{"type":"urn:darkroom:problem:not_found"}')],
    ['a RIFF file that is no WebP', bytes('RIFF\x24\0\0\0WAVEfmt ')],
    ['a PNG signature cut short', bytes([0x89, 0x50, 0x4e, 0x47], 4)],
    ['text that starts with BM, shorter than any BMP', bytes('BMW', IMAGE_SIGNATURE_BYTES - 1)],
    ['nothing', new Uint8Array()],
  ])('knows %s for no image', (_what, other) => {
    expect(sniffImageMimeType(other)).toBeNull()
  })
})
