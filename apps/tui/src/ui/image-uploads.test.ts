import { createClient } from '@darkroom/client'
import { InvalidInputError, VirtualClock } from '@darkroom/core'
import { describe, expect, it } from 'vitest'
import { gatewayApp } from '../../../../packages/client/test/gateway-app.js'
import { demoConnection } from '../connect.js'
import { isLocalImagePath, withUploadPlaceholders } from './image-fields.js'
import { type ReadImageFile, uploadLocalImages } from './image-uploads.js'

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2])
const files: Record<string, Uint8Array> = { [`${process.cwd()}/photo.png`]: PNG }
const read: ReadImageFile = async (path) => {
  const bytes = files[path]
  if (!bytes) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' })
  return bytes
}
const img2img = (imageUrls: string[]) => ({
  provider: 'speedpix',
  operation: 'img2img',
  input: { prompt: 'the same, at dusk', imageUrls },
})

describe('local image files in the submit form', () => {
  it('tells a path from a URL or base64, and lets the schema check judge a path as a URL', () => {
    for (const path of ['./photo.png', '/tmp/a.jpg', '~/b.webp', 'shirt.png', '../x'])
      expect(isLocalImagePath(path), path).toBe(true)
    for (const url of ['https://example.com/a.png', 'data:image/png;base64,AAAA', 'abc'])
      expect(isLocalImagePath(url), url).toBe(false)
    expect(
      withUploadPlaceholders({ imageUrls: ['./a.png', 'https://x/b.png'], prompt: './p.png' }),
    ).toEqual({
      imageUrls: ['https://upload.invalid/image.png', 'https://x/b.png'],
      prompt: './p.png',
    })
    expect(withUploadPlaceholders({ imageBase64: 'shirt.png' }).imageBase64).toMatch(/^iVBORw0KGgo/)
  })

  it('uploads a local file through the gateway with --api, and the job runs on its URL', async () => {
    const gateway = gatewayApp({ images: true })
    const client = createClient({
      baseUrl: 'http://gateway.test',
      apiKey: 'demo',
      fetch: gateway.fetch,
      clock: gateway.clock,
    })
    const request = img2img(['./photo.png', 'https://example.com/kept.png'])
    const ready = await gateway.clock.run(uploadLocalImages(request, client.uploads, read))
    const [uploaded, kept] = ready.input.imageUrls as string[]
    expect(uploaded).toMatch(/^http:\/\/gateway\.test\/v1\/uploads\/[\w-]+\?expires=/)
    expect(kept).toBe('https://example.com/kept.png')
    const fetched = await gateway.fetch(uploaded as string)
    expect(new Uint8Array(await fetched.arrayBuffer())).toEqual(PNG)
  })

  it('inlines it as base64 in direct mode where the provider takes base64, and says so where not', async () => {
    const { client } = demoConnection(11, new VirtualClock())
    const ready = await uploadLocalImages(img2img(['./photo.png']), client.uploads, read)
    expect((ready.input.imageUrls as string[])[0]).toMatch(/^data:image\/png;base64,iVBORw0KGgo/)
    const aidge = {
      provider: 'aidge',
      operation: 'virtual-model',
      input: { imageUrl: 'photo.png' },
    }
    const refused = await uploadLocalImages(aidge, client.uploads, read).catch((e: unknown) => e)
    expect(InvalidInputError.isInstance(refused)).toBe(true)
    expect((refused as InvalidInputError).issues[0]?.path).toBe('imageUrl')
    expect((refused as Error).message).toContain('needs a URL in imageUrl')
    const missing = await uploadLocalImages(img2img(['./gone.png']), client.uploads, read).catch(
      (e: unknown) => e,
    )
    expect((missing as InvalidInputError).issues).toEqual([
      { path: 'imageUrls.0', message: 'cannot read ./gone.png: no such file' },
    ])
  })
})
