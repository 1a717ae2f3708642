// jobs.image takes only image bytes, and only so many: the Content-Type must be image/*, the
// first bytes those of an image, the size at most maxImageBytes, all checked while the body
// streams in. The answers are scripted: whatever the gateway would say is beside the point.
import { describe, expect, it } from 'vitest'
import { type ClientOptions, createClient, GatewayResponseError } from '../src/index.js'
import { endlessBody } from './bodies.js'

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const ascii = (text: string) => new TextEncoder().encode(text)

/** `jobs.image` of a client whose gateway answers `answer()`; its result or its error. */
function image(answer: () => Response, options: Partial<ClientOptions> = {}) {
  const client = createClient({
    baseUrl: 'http://gateway.test',
    apiKey: 'demo',
    fetch: async () => answer(),
    ...options,
  })
  return client.jobs.image('job-1', 0).catch((e: unknown) => e)
}

function expectRefused(error: unknown, fields: string[], message: RegExp) {
  expect(GatewayResponseError.isInstance(error), String(error)).toBe(true)
  expect(error).toMatchObject({ route: 'GET /v1/jobs/:id/images/:index', fields })
  expect((error as Error).message).toMatch(message)
}

describe('jobs.image', () => {
  it.each([
    ['text/html; charset=utf-8', '<!doctype html><title>Sign in</title>'],
    ['application/json', '{"images":[]}'],
  ])(
    'refuses an answer whose Content-Type is %s, naming it, without reading it',
    async (type, text) => {
      const watched = endlessBody(ascii(text))
      const error = await image(
        () => new Response(watched.body, { headers: { 'content-type': type } }),
      )
      expectRefused(error, ['content-type'], new RegExp(`Content-Type is "${type}", not image/\\*`))
      expect(watched.canceled()).toBe(true)
    },
  )

  it('refuses an answer with no Content-Type', async () => {
    const error = await image(() => new Response(new Uint8Array(PNG)))
    expectRefused(error, ['content-type'], /has no Content-Type, not image\/\*/)
  })

  it('refuses bytes that are no image whatever the Content-Type says, as soon as they show', async () => {
    const watched = endlessBody(ascii('<!doctype html><p>Service unavailable</p>'))
    const error = await image(
      () => new Response(watched.body, { headers: { 'content-type': 'image/png' } }),
    )
    expectRefused(
      error,
      ['(body)'],
      /its bytes are none of PNG, JPEG, WebP, GIF or BMP \(Content-Type image\/png, starting "<!doctype html>/,
    )
    expect(watched.canceled()).toBe(true)
    expect(watched.pulled()).toBeLessThanOrEqual(2 * 16 * 1024)
  })

  it.each([
    ['image/png', PNG, 'image/png'],
    ['image/jpeg', [0xff, 0xd8, 0xff, 0xdb], 'image/jpeg'],
    ['image/jpg', [0xff, 0xd8, 0xff, 0xe0], 'image/jpeg'],
    ['image/gif', [...ascii('GIF89a')], 'image/gif'],
    ['image/webp', [...ascii('RIFF\x24\0\0\0WEBPVP8 ')], 'image/webp'],
    ['image/bmp', [...ascii('BM')], 'image/bmp'],
  ])('takes %s, with the type its bytes have', async (type, head, mimeType) => {
    const bytes = new Uint8Array(100)
    bytes.set(head)
    const result = await image(() => new Response(bytes, { headers: { 'content-type': type } }))
    expect(result).toEqual({ bytes, mimeType })
  })

  it('stops reading at maxImageBytes and cancels the body', async () => {
    const watched = endlessBody(new Uint8Array(PNG))
    const error = await image(
      () => new Response(watched.body, { headers: { 'content-type': 'image/png' } }),
      { maxImageBytes: 64 * 1024 },
    )
    expectRefused(
      error,
      ['(body)'],
      /larger than maxImageBytes \(65536 bytes\); raise maxImageBytes/,
    )
    expect(watched.canceled()).toBe(true)
    expect(watched.pulled()).toBeLessThanOrEqual(64 * 1024 + 2 * 16 * 1024)
  })

  it('refuses a Content-Length over maxImageBytes before reading', async () => {
    const watched = endlessBody(new Uint8Array(PNG))
    const headers = { 'content-type': 'image/png', 'content-length': String(2 ** 20) }
    const error = await image(() => new Response(watched.body, { headers }), {
      maxImageBytes: 64 * 1024,
    })
    expectRefused(
      error,
      ['content-length'],
      /has a Content-Length of 1048576, larger than maxImageBytes \(65536 bytes\)/,
    )
    expect(watched.canceled()).toBe(true)
    expect(watched.pulled()).toBeLessThanOrEqual(16 * 1024)
  })

  it('reads at most 32 MiB by default', async () => {
    const watched = endlessBody(new Uint8Array(PNG), 2 ** 20)
    const error = await image(
      () => new Response(watched.body, { headers: { 'content-type': 'image/png' } }),
    )
    expectRefused(error, ['(body)'], /larger than maxImageBytes \(33554432 bytes\)/)
    expect(watched.pulled()).toBeLessThanOrEqual(34 * 2 ** 20)
  })

  it('checks maxImageBytes', () => {
    const options = { baseUrl: 'https://x.test', apiKey: 'demo', maxImageBytes: 0 }
    expect(() => createClient(options)).toThrow(
      'createClient: maxImageBytes must be a positive number up to 9007199254740991, got 0.',
    )
  })
})
