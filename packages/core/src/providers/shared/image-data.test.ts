import { describe, expect, it } from 'vitest'
import { pngBytes } from '../../testing/index.js'
import {
  base64Head,
  decodeBase64,
  downloadedImageMime,
  mimeFromFileName,
  signedUrlExpiry,
} from './image-data.js'
import { sniffImageMimeType } from './image-type.js'

const text = (s: string) => new TextEncoder().encode(s)
const BMP_HEAD = new Uint8Array(26)
BMP_HEAD.set(text('BM'))

describe('sniffImageMimeType', () => {
  it.each([
    [pngBytes(8, 8), 'image/png'],
    [new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16]), 'image/jpeg'],
    [text('GIF89a'), 'image/gif'],
    [text('RIFF\0\0\0\0WEBPVP8 '), 'image/webp'],
    [BMP_HEAD, 'image/bmp'],
    [text('BMW is not a bitmap'), null],
    [new Uint8Array(), null],
  ])('%#', (bytes, mime) => {
    expect(sniffImageMimeType(bytes)).toBe(mime)
  })

  it('sniffs the head of base64 text', () => {
    expect(sniffImageMimeType(base64Head(btoa(String.fromCharCode(...BMP_HEAD))))).toBe('image/bmp')
    expect(base64Head('not base64!')).toEqual(new Uint8Array())
  })
})

describe('downloadedImageMime', () => {
  it('believes an image content type, else sniffs, else says octet-stream', () => {
    expect(downloadedImageMime('image/webp; q=1', new Uint8Array())).toBe('image/webp')
    expect(downloadedImageMime('application/octet-stream', pngBytes(2, 2))).toBe('image/png')
    expect(downloadedImageMime(null, text('hello'))).toBe('application/octet-stream')
  })
})

describe('mimeFromFileName', () => {
  it.each([
    ['0000.png', 'image/png'],
    ['/a/b/c.JPG', 'image/jpeg'],
    ['x.jpeg', 'image/jpeg'],
    ['x.tiff', null],
    ['', null],
  ])('%s', (name, mime) => expect(mimeFromFileName(name)).toBe(mime))
})

describe('signedUrlExpiry', () => {
  it.each([
    ['https://o.test/a.png?Expires=1718096420&Signature=x', '2024-06-11T09:00:20.000Z'],
    [
      'https://o.test/a.png?x-oss-date=20240611T080000Z&x-oss-expires=3600',
      '2024-06-11T09:00:00.000Z',
    ],
    ['https://o.test/a.png?Expires=soon', null],
    ['https://o.test/a.png?Expires=999999999999999', null],
    ['not a url', null],
  ])('%s', (url, at) => expect(signedUrlExpiry(url)).toBe(at))
})

describe('decodeBase64', () => {
  it('reads standard and URL-safe base64, with a data: prefix and whitespace', () => {
    expect(decodeBase64('aGk=')).toEqual(text('hi'))
    expect(decodeBase64('data:image/png;base64,aG\nk=')).toEqual(text('hi'))
    expect(decodeBase64('-_8=')).toEqual(new Uint8Array([0xfb, 0xff]))
  })

  it.each(['', 'a*b', '=abc'])('refuses %j', (value) => expect(decodeBase64(value)).toBeNull())
})
