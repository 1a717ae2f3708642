import { describe, expect, it } from 'vitest'
import { signImageUrl, verifyImageUrl } from './signed-url.js'

const secret = 'emulator-secret'
const expiresAt = Date.UTC(2024, 5, 11, 9, 0, 0)

const sign = () =>
  signImageUrl({
    baseUrl: 'http://127.0.0.1:8787/oss/',
    path: '/results/abc/0.png',
    expiresAt,
    secret,
  })

describe('signImageUrl / verifyImageUrl', () => {
  it('builds an OSS-style URL', async () => {
    const url = new URL(await sign())
    expect(url.pathname).toBe('/oss/results/abc/0.png')
    expect(url.searchParams.get('OSSAccessKeyId')).toBe('LTAIemulator')
    expect(url.searchParams.get('Expires')).toBe(String(expiresAt / 1000))
    expect(url.searchParams.get('Signature')).toMatch(/^[A-Za-z0-9+/]{43}=$/)
  })

  it('accepts the URL until it expires', async () => {
    const url = await sign()
    expect(await verifyImageUrl(url, { secret, now: expiresAt - 60_000 })).toBe('ok')
    expect(await verifyImageUrl(url, { secret, now: expiresAt })).toBe('ok')
    expect(await verifyImageUrl(url, { secret, now: expiresAt + 1 })).toBe('expired')
  })

  it('ignores the host, so in-process and HTTP URLs both verify', async () => {
    const url = new URL(await sign())
    url.host = 'localhost:9999'
    expect(await verifyImageUrl(url, { secret, now: expiresAt })).toBe('ok')
  })

  it.each([
    [
      'path',
      (u: URL) => {
        u.pathname = '/oss/results/abc/1.png'
      },
    ],
    ['expiry', (u: URL) => u.searchParams.set('Expires', String(expiresAt / 1000 + 3600))],
    ['access key', (u: URL) => u.searchParams.set('OSSAccessKeyId', 'LTAIother')],
    ['signature', (u: URL) => u.searchParams.set('Signature', 'AAAA')],
    ['missing signature', (u: URL) => u.searchParams.delete('Signature')],
    ['garbled signature', (u: URL) => u.searchParams.set('Signature', '%%%')],
  ])('refuses a tampered %s', async (_, tamper) => {
    const url = new URL(await sign())
    tamper(url)
    expect(await verifyImageUrl(url, { secret, now: expiresAt - 1000 })).toBe('bad-signature')
  })

  it('refuses another secret and non-URLs', async () => {
    expect(await verifyImageUrl(await sign(), { secret: 'other', now: 0 })).toBe('bad-signature')
    expect(await verifyImageUrl('not a url', { secret, now: 0 })).toBe('bad-signature')
  })
})
