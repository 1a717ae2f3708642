import { describe, expect, it } from 'vitest'
import {
  fromBase64,
  fromBase64Url,
  hmacSha256,
  NOBLE_MAX_BYTES,
  sha256Hex,
  toBase64,
  toBase64Url,
  toHex,
  utf8,
} from './crypto-utils.js'

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
  it('encodes as btoa does, for every byte value and every length remainder', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => 255 - i)
    for (let n = 0; n <= 8; n++) {
      const part = bytes.subarray(n * 3, n * 3 + n)
      expect(toBase64(part)).toBe(btoa(String.fromCharCode(...part)))
    }
    expect(toBase64(bytes)).toBe(btoa(String.fromCharCode(...bytes)))
    expect(toBase64(new Uint8Array([0xfb, 0xff]))).toBe('+/8=')
  })

  it('round-trips bytes, and throws on malformed input as atob does', () => {
    const bytes = Uint8Array.from({ length: 100 }, (_, i) => (i * 7) % 256)
    expect(fromBase64(toBase64(bytes))).toEqual(bytes)
    expect(fromBase64('aGk=')).toEqual(new Uint8Array([104, 105]))
    expect(() => fromBase64('a*b')).toThrow()
  })
})

// Known answers from Node's OpenSSL (createHash / createHmac), on both sides of the threshold
// where hashing moves from @noble/hashes to Web Crypto, so each path is checked on its own.
const A_2048 = 'a'.repeat(NOBLE_MAX_BYTES)
const A_2049 = 'a'.repeat(NOBLE_MAX_BYTES + 1)

describe('sha256Hex', () => {
  it('gives the FIPS 180-2 answer for "abc" and the known answers either side of the threshold', async () => {
    expect(NOBLE_MAX_BYTES).toBe(2048)
    expect(await sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    )
    expect(await sha256Hex(A_2048)).toBe(
      'b2a3a502fdfc34f4e3edfa94b7f3109cd972d87a4fec63ab21a6673379ccf7ad',
    )
    expect(await sha256Hex(A_2049)).toBe(
      'ba7bea600e8f3dfd3385b6bd01756500fc11dfff0a54b6b68af8cc4733b959e8',
    )
  })

  it('hashes a view into a larger buffer by its own bytes only, on both paths', async () => {
    for (const text of ['abc', A_2049]) {
      const buffer = utf8(`xx${text}yy`)
      expect(await sha256Hex(buffer.subarray(2, buffer.length - 2))).toBe(await sha256Hex(text))
    }
  })
})

describe('hmacSha256', () => {
  it('gives RFC 4231 test case 2 and the known answers either side of the threshold', async () => {
    const case2 = '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'
    expect(toHex(await hmacSha256('Jefe', 'what do ya want for nothing?'))).toBe(case2)
    expect(toHex(await hmacSha256('key', A_2048))).toBe(
      '7a728554187d0c0ba93105d68f3eb46c71275fca3f15443a7618be21b4a39ca7',
    )
    expect(toHex(await hmacSha256('key', 'a'.repeat(3000)))).toBe(
      'fe775daf6fc83af997f47933cac773c2bedfe61a7de53f003a33b30585b076b2',
    )
  })
})

describe('hmacSha256 keyed states', () => {
  it('gives the same MAC for a key used again, and stays right past the cache size', async () => {
    const case2 = '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'
    const jefe = () => hmacSha256('Jefe', 'what do ya want for nothing?')
    expect(toHex(await jefe())).toBe(case2)
    expect(toHex(await jefe())).toBe(case2)
    const first = toHex(await hmacSha256('key-0', 'message'))
    for (let i = 0; i < 100; i++) await hmacSha256(`key-${i}`, 'message')
    expect(toHex(await hmacSha256('key-0', 'message'))).toBe(first)
    expect(first).not.toBe(toHex(await hmacSha256('key-1', 'message')))
    expect(toHex(await jefe())).toBe(case2)
  })
})
