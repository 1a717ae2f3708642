import { describe, expect, it } from 'vitest'
import { fromBase64, fromBase64Url, toBase64, toBase64Url } from './crypto-utils.js'

describe('base64url', () => {
  it('round-trips every byte value without padding or URL-unsafe characters', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i)
    for (let n = 0; n <= bytes.length; n += 37) {
      const text = toBase64Url(bytes.subarray(0, n))
      expect(text).toMatch(/^[A-Za-z0-9_-]*$/)
      expect(fromBase64Url(text)).toEqual(bytes.subarray(0, n))
    }
    expect(toBase64Url(new Uint8Array([0xfb, 0xff]))).toBe('-_8')
  })

  it('refuses what is not base64url', () => {
    for (const text of ['a', 'ab+c', 'ab/c', 'abc=', 'ab c']) expect(fromBase64Url(text)).toBeNull()
  })
})

describe('base64', () => {
  it('round-trips bytes, and throws on malformed input as atob does', () => {
    const bytes = Uint8Array.from({ length: 100 }, (_, i) => (i * 7) % 256)
    expect(fromBase64(toBase64(bytes))).toEqual(bytes)
    expect(fromBase64('aGk=')).toEqual(new Uint8Array([104, 105]))
    expect(() => fromBase64('a*b')).toThrow()
  })
})
