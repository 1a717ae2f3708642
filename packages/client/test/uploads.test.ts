import { VirtualClock } from '@darkroom/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDirectClient } from '../src/direct.js'
import { createClient, DarkroomApiError, InvalidInputError } from '../src/index.js'
import { emulatedProviders } from './direct-emulators.js'
import { drive } from './gateway-app.js'
import { startGateway } from './helpers.js'

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2])

describe('uploads.create against the gateway over loopback', () => {
  let gw: Awaited<ReturnType<typeof startGateway>>
  let storeless: Awaited<ReturnType<typeof startGateway>>
  const client = (url = gw.url) => createClient({ baseUrl: url, apiKey: 'demo', clock: gw.clock })

  beforeAll(async () => {
    gw = await startGateway({ images: true })
    storeless = await startGateway()
  })
  afterAll(async () => {
    await gw.close()
    await storeless.close()
  })

  it('uploads bytes, a Blob and an ArrayBuffer, each answering a signed URL that needs no key', async () => {
    for (const source of [PNG, new Blob([PNG], { type: 'image/png' }), PNG.slice().buffer]) {
      const upload = await drive(gw.clock, client().uploads.create(source))
      expect(upload).toMatchObject({ contentType: 'image/png', size: PNG.byteLength })
      expect(upload.url.startsWith(`${gw.url}/v1/uploads/`)).toBe(true)
      expect(Date.parse(upload.expiresAt as string)).toBeGreaterThan(gw.clock.now())
      const fetched = await fetch(upload.url)
      expect(fetched.status).toBe(200)
      expect(new Uint8Array(await fetched.arrayBuffer())).toEqual(PNG)
    }
  })

  it('passes an upload to img2img and runs the job', async () => {
    const c = client()
    const upload = await drive(gw.clock, c.uploads.create(PNG))
    const job = await drive(
      gw.clock,
      c.run({
        provider: 'speedpix',
        operation: 'img2img',
        input: { prompt: 'the same, at dusk', imageUrls: [upload.url] },
      }),
    )
    expect(job.state).toBe('succeeded')
  })

  it('refuses what is no image before sending, and says what the gateway refused', async () => {
    const c = client()
    const text = new TextEncoder().encode('hello')
    await expect(c.uploads.create(text)).rejects.toThrow(InvalidInputError)
    await expect(c.uploads.create(text)).rejects.toThrow('bytes of no known image type')
    await expect(c.uploads.create(PNG, { contentType: 'image/svg+xml' })).rejects.toThrow(
      'got "image/svg+xml"',
    )
    await expect(c.uploads.create(new Uint8Array())).rejects.toThrow('the image is empty')
    const lying = await drive(gw.clock, c.uploads.create(PNG, { contentType: 'image/jpeg' })).catch(
      (error: unknown) => error,
    )
    expect(InvalidInputError.isInstance(lying)).toBe(true)
    expect(String((lying as Error).message)).toContain('the bytes are not image/jpeg')
    const none = await drive(gw.clock, client(storeless.url).uploads.create(PNG)).catch(
      (error: unknown) => error,
    )
    expect(DarkroomApiError.isInstance(none) && none.status).toBe(501)
  })
})

describe('uploads.create on the direct client', () => {
  const direct = () => createDirectClient(emulatedProviders(new VirtualClock()))

  it('answers a base64 data: URL for a field that takes base64, and runs img2img with it', async () => {
    const clock = new VirtualClock()
    const c = createDirectClient(emulatedProviders(clock))
    const upload = await c.uploads.create(PNG, {
      for: { provider: 'speedpix', operation: 'img2img', field: 'imageUrls.0' },
    })
    expect(upload).toEqual({
      url: `data:image/png;base64,${btoa(String.fromCharCode(...PNG))}`,
      expiresAt: null,
      contentType: 'image/png',
      size: PNG.byteLength,
    })
    const job = await clock.run(
      c.run({
        provider: 'speedpix',
        operation: 'img2img',
        input: { prompt: 'the same, at dusk', imageUrls: [upload.url] },
      }),
    )
    expect(job.state).toBe('succeeded')
    const aidge = await c.uploads.create(PNG, {
      for: { provider: 'aidge', operation: 'virtual-model', field: 'imageBase64' },
    })
    expect(aidge.url.startsWith('data:image/png;base64,')).toBe(true)
  })

  it('says a URL is needed where the provider takes no base64, and asks for the field', async () => {
    const c = direct()
    await expect(
      c.uploads.create(PNG, {
        for: { provider: 'aidge', operation: 'virtual-model', field: 'imageUrl' },
      }),
    ).rejects.toThrow('aidge virtual-model needs a URL in imageUrl')
    await expect(
      c.uploads.create(PNG, {
        for: { provider: 'aicontent', operation: 'train', field: 'imageUrls' },
      }),
    ).rejects.toThrow("upload through a gateway (createClient's uploads.create)")
    await expect(
      c.uploads.create(PNG, {
        for: { provider: 'speedpix', operation: 'txt2img', field: 'prompt' },
      }),
    ).rejects.toThrow('speedpix txt2img has no image field "prompt"')
    await expect(c.uploads.create(PNG)).rejects.toThrow(
      'pass { for: { provider, operation, field } }',
    )
    await expect(
      c.uploads.create(PNG, {
        contentType: 'image/gif',
        for: { provider: 'speedpix', operation: 'img2img', field: 'imageUrls' },
      }),
    ).rejects.toThrow('the bytes are not image/gif')
  })
})
