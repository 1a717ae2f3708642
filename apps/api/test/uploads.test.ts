import { join } from 'node:path'
import { UploadAnswerSchema } from '@darkroom/client/wire'
import * as v from 'valibot'
import { afterEach, describe, expect, it } from 'vitest'
import { fileImageStorage } from '../src/runtimes/node-image-storage.js'
import { tempDataDir } from './child-gateway.js'
import { makeGateway } from './helpers.js'

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])
const HOUR = 3_600_000

let removeDir: (() => void) | null = null
afterEach(() => {
  removeDir?.()
  removeDir = null
})

function uploadingGateway(env: Record<string, string> = {}) {
  const data = tempDataDir()
  removeDir = data.remove
  return makeGateway({ images: fileImageStorage(join(data.dir, 'images')), env })
}

const upload = (
  gateway: ReturnType<typeof makeGateway>,
  body: BodyInit,
  type: string | null,
  key?: string | null,
) =>
  gateway.request('/v1/uploads', {
    method: 'POST',
    body,
    headers: type ? { 'content-type': type } : {},
    key,
  })

describe('POST /v1/uploads', () => {
  it('stores an image and answers 201 with a signed URL that serves it with no key', async () => {
    const gateway = uploadingGateway()
    const created = await upload(gateway, PNG, 'image/png')
    expect(created.status).toBe(201)
    const answer = v.parse(UploadAnswerSchema, await created.json())
    expect(answer).toMatchObject({ contentType: 'image/png', size: PNG.byteLength })
    expect(answer.url).toMatch(/^\/v1\/uploads\/[\w-]{22}\?expires=\d+&signature=[\w-]+$/)
    expect(created.headers.get('location')).toBe(answer.url)
    const expiresIn = Date.parse(answer.expiresAt ?? '') - gateway.clock.now()
    expect(expiresIn).toBeGreaterThanOrEqual(24 * HOUR)
    const fetched = await gateway.request(answer.url, { key: null })
    expect(fetched.status).toBe(200)
    expect(fetched.headers.get('content-type')).toBe('image/png')
    expect(new Uint8Array(await fetched.arrayBuffer())).toEqual(PNG)

    // Another first character of the name, whatever it was: the signature no longer covers it.
    const tampered = answer.url.replace(/\/uploads\/(.)/, (_, c: string) =>
      c === '_' ? '/uploads/-' : '/uploads/_',
    )
    expect((await gateway.request(tampered, { key: null })).status).toBe(403)
    await gateway.clock.advance(26 * HOUR)
    const expired = await gateway.request(answer.url, { key: null })
    expect(expired.status).toBe(410)
    expect(await expired.json()).toMatchObject({ code: 'link_expired' })
  })

  it('signs for no longer than the retention, and the upload is gone after it', async () => {
    const gateway = uploadingGateway({ DARKROOM_IMAGE_RETENTION_HOURS: '1' })
    const answer = v.parse(
      UploadAnswerSchema,
      await (await upload(gateway, PNG, 'image/png')).json(),
    )
    expect(Date.parse(answer.expiresAt ?? '') - gateway.clock.now()).toBe(HOUR)
    const images = gateway.images as NonNullable<typeof gateway.images>
    const key = `uploads/${answer.url.split('/')[3]?.split('?')[0]}`
    expect(await images.storage.get(key)).not.toBeNull()
    await gateway.clock.advance(HOUR + 1)
    await gateway.clock.run(images.idle())
    // Swept by the timer at the retention, and the URL has expired with it.
    expect(await images.storage.get(key)).toBeNull()
    expect((await gateway.request(answer.url, { key: null })).status).toBe(410)
  })

  it('refuses another type (415), bytes that are not the type (400), too many (413), no key (401)', async () => {
    const gateway = uploadingGateway({ DARKROOM_IMAGE_MAX_BYTES: '1024' })
    const svg = await upload(gateway, '<svg/>', 'image/svg+xml')
    expect(svg.status).toBe(415)
    expect(await svg.json()).toMatchObject({ code: 'unsupported_media_type' })
    expect((await upload(gateway, PNG, null)).status).toBe(415)
    const lying = await upload(gateway, PNG, 'image/jpeg')
    expect(lying.status).toBe(400)
    const problem = await lying.json()
    expect(problem).toMatchObject({ code: 'invalid_input' })
    expect(problem.detail).toContain('the bytes are not image/jpeg')
    expect((await upload(gateway, new Uint8Array(), 'image/png')).status).toBe(400)
    const big = new Uint8Array(2048)
    big.set(PNG)
    const tooBig = await upload(gateway, big, 'image/png')
    expect(tooBig.status).toBe(413)
    expect((await tooBig.json()).detail).toContain('DARKROOM_IMAGE_MAX_BYTES')
    expect((await upload(gateway, PNG, 'image/png', null)).status).toBe(401)
  })

  it('answers 501 on a gateway without image storage', async () => {
    const gateway = makeGateway()
    const refused = await upload(gateway, PNG, 'image/png')
    expect(refused.status).toBe(501)
    expect(await refused.json()).toMatchObject({ code: 'store_required' })
  })
})
