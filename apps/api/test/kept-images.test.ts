import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { type Job, type JobHandle, JobSchema, type ProviderAdapter } from '@darkroom/core'
import * as v from 'valibot'
import { afterEach, describe, expect, it } from 'vitest'
import { fileImageStorage } from '../src/runtimes/node-image-storage.js'
import { IMAGE_URL_TTL_MS } from '../src/security/image-url.js'
import { readJobToken } from '../src/security/job-token.js'
import { tempDataDir } from './child-gateway.js'
import { makeGateway, readSse, TOKEN_SECRET } from './helpers.js'

const PNG = [0x89, 0x50, 0x4e, 0x47]
const AIDGE_JOB = {
  provider: 'aidge',
  operation: 'virtual-model',
  input: { imageUrl: 'https://example.com/shirt.png', model: 'WHITE' },
}

/** The image files in `dir` (none when it was never created). */
const keptFiles = (dir: string) =>
  existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.img')) : []

let removeDir: (() => void) | null = null
afterEach(() => {
  removeDir?.()
  removeDir = null
})

/** A demo gateway keeping images in a temporary directory; aidge's own URLs last a minute. */
function keepingGateway(adapt?: NonNullable<Parameters<typeof makeGateway>[0]>['replaceAdapters']) {
  let upstream: ProviderAdapter | undefined
  const data = tempDataDir()
  removeDir = data.remove
  const dir = join(data.dir, 'images')
  const gateway = makeGateway({
    images: fileImageStorage(dir),
    emulators: { imageUrlTtlMs: 60_000 },
    providers: ['aidge'],
    replaceAdapters: (adapters) => {
      upstream = adapters.aidge
      return adapt ? adapt(adapters) : adapters
    },
  })
  return { ...gateway, dir, upstream: () => upstream }
}

/** Submits the aidge job and follows its events to the end; the keeping has settled after. */
async function runToEnd(gateway: ReturnType<typeof keepingGateway>): Promise<Job> {
  const created = await gateway.request('/v1/jobs', {
    method: 'POST',
    body: JSON.stringify(AIDGE_JOB),
  })
  expect(created.status).toBe(202)
  const job = v.parse(JobSchema, await created.json())
  const events = await gateway.clock.run(async () =>
    readSse(await gateway.request(`/v1/jobs/${job.id}/events`)),
  )
  const last = v.parse(JobSchema, JSON.parse(events.events.at(-1)?.data ?? '{}'))
  expect(last.state).toBe('succeeded')
  await gateway.clock.run((gateway.images as NonNullable<typeof gateway.images>).idle())
  return last
}

describe('kept images', () => {
  it('keeps a succeeded job image and serves it at its signed URL, with no key, after the provider URL expired', async () => {
    const gateway = keepingGateway()
    const last = await runToEnd(gateway)
    expect(keptFiles(gateway.dir)).toHaveLength(last.images.length)
    // The emulator's own URL is dead now: only the kept copy can answer.
    await gateway.clock.advance(120_000)
    const claims = await readJobToken(last.id, TOKEN_SECRET)
    const upstream = gateway.upstream() as ProviderAdapter
    await expect(
      gateway.clock.run(upstream.image(claims?.handle as JobHandle, 0)),
    ).rejects.toThrow()
    const read = v.parse(JobSchema, await (await gateway.request(`/v1/jobs/${last.id}`)).json())
    const url = read.images[0]?.url as string
    expect(url).toMatch(/^\/v1\/images\/[^/]+\/0\?expires=\d+&signature=[\w-]+$/)
    const expiresAt = Date.parse(read.images[0]?.expiresAt as string)
    expect(expiresAt - gateway.clock.now()).toBeGreaterThanOrEqual(IMAGE_URL_TTL_MS)
    expect(expiresAt - gateway.clock.now()).toBeLessThanOrEqual(IMAGE_URL_TTL_MS + 3_600_000)

    const image = await gateway.clock.run(gateway.request(url, { key: null }))
    expect(image.status).toBe(200)
    expect(image.headers.get('content-type')).toBe('image/png')
    expect(image.headers.get('cache-control')).toMatch(/^private, max-age=\d+, immutable$/)
    expect([...new Uint8Array(await image.arrayBuffer()).slice(0, 4)]).toEqual(PNG)
    // The authenticated route serves the kept copy too.
    const authed = await gateway.clock.run(gateway.request(`/v1/jobs/${last.id}/images/0`))
    expect(authed.status).toBe(200)
  })

  it('refuses a tampered signature (403) and an expired URL (410)', async () => {
    const gateway = keepingGateway()
    const last = await runToEnd(gateway)
    const url = last.images[0]?.url as string
    const tampered = url.replace(/signature=./, (m) =>
      m.endsWith('A') ? `${m.slice(0, -1)}B` : `${m.slice(0, -1)}A`,
    )
    const forged = await gateway.request(tampered, { key: null })
    expect(forged.status).toBe(403)
    expect(await forged.json()).toMatchObject({ code: 'forbidden' })
    const otherIndex = await gateway.request(url.replace('/0?', '/1?'), { key: null })
    expect(otherIndex.status).toBe(403)
    const later = url.replace(/expires=(\d+)/, (_, s) => `expires=${Number(s) + 3600}`)
    expect((await gateway.request(later, { key: null })).status).toBe(403)
    const unsigned = await gateway.request(url.split('?')[0] as string, { key: null })
    expect(unsigned.status).toBe(403)

    await gateway.clock.advance(IMAGE_URL_TTL_MS + 3_600_000 + 1000)
    const expired = await gateway.request(url, { key: null })
    expect(expired.status).toBe(410)
    const problem = await expired.json()
    expect(problem).toMatchObject({ code: 'link_expired', status: 410 })
    expect(problem.detail).toContain('read the job again')
  })

  it('does not keep an upstream body that is not the image it claims, and logs why', async () => {
    const html = new TextEncoder().encode('<html>not an image</html>')
    const gateway = keepingGateway((adapters) => {
      const real = adapters.aidge as ProviderAdapter
      const broken: ProviderAdapter = Object.create(real)
      broken.image = async () => ({ bytes: html, mimeType: 'image/png' })
      return { aidge: broken }
    })
    const last = await runToEnd(gateway)
    expect(keptFiles(gateway.dir)).toEqual([])
    const warning = gateway.logs.find((l) => l.level === 'warn')
    expect(String(warning?.message)).toContain('not kept: the bytes are not image/png')
    // Not kept, so the signed URL falls back to the provider, whose answer is served as it is.
    const fallback = await gateway.clock.run(
      gateway.request(last.images[0]?.url as string, { key: null }),
    )
    expect(fallback.status).toBe(200)
    expect(keptFiles(gateway.dir)).toEqual([])
  })
})
