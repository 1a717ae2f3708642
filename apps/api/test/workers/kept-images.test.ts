import { runDurableObjectAlarm } from 'cloudflare:test'
import { env, exports } from 'cloudflare:workers'
import { encodeHandle, type Job, JobSchema } from '@darkroom/core'
import { fromBase64Url } from '@darkroom/core/signing'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { keptImageKey } from '../../src/images/image-storage.js'
import type { R2BucketLike } from '../../src/runtimes/workers/r2-image-storage.js'

// Kept images and uploads in workerd, with the demo Worker's real R2 binding (DARKROOM_IMAGES of
// wrangler.demo.jsonc): the aidge object keeps a succeeded job's image in the bucket, the signed
// URL serves it from there with no key, and the object's alarm sweeps it at its expiry.

const auth = { authorization: 'Bearer demo', 'content-type': 'application/json' }
const bucket = env.DARKROOM_IMAGES as R2BucketLike
const namespace = env.DARKROOM_JOBS as {
  idFromName(name: string): unknown
  get(id: unknown): unknown
}
const aidge = () => namespace.get(namespace.idFromName('aidge'))
const fetchWorker = (path: string, init: RequestInit = {}) =>
  exports.default.fetch(new Request(`http://gateway.test${path}`, init))
const PNG = [0x89, 0x50, 0x4e, 0x47]

/** Fires the aidge object's alarm until `done` says so (at most 500 times). */
async function alarmsUntil(done: () => Promise<boolean>): Promise<void> {
  for (let fired = 0; !(await done()); fired++) {
    if (fired > 500) throw new Error('not done after 500 alarms')
    await runDurableObjectAlarm(aidge())
    await new Promise((resolve) => setTimeout(resolve, 1))
  }
}

/** Core's job key inside a gateway token (its payload holds the handle). */
function jobKeyOf(token: string): string {
  const payload = fromBase64Url(token.split('.')[0] as string) as Uint8Array
  return encodeHandle(JSON.parse(new TextDecoder().decode(payload)).h)
}

describe('kept images in workerd (R2)', () => {
  it('keeps a succeeded job image in R2, serves it at its signed URL with no key, sweeps it on the alarm', async () => {
    const created = await fetchWorker('/v1/jobs', {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        provider: 'aidge',
        operation: 'virtual-model',
        input: { imageUrl: 'https://example.com/shirt.png', model: 'WHITE' },
      }),
    })
    expect(created.status).toBe(202)
    const job = v.parse(JobSchema, await created.json())
    const key = await keptImageKey(jobKeyOf(job.id), 0)
    let last: Job | null = null
    await alarmsUntil(async () => {
      const read = await fetchWorker(`/v1/jobs/${job.id}`, { headers: auth })
      last = v.parse(JobSchema, await read.json())
      return last.state === 'succeeded' && (await bucket.get(key)) !== null
    })
    const kept = await bucket.get(key)
    expect(kept?.httpMetadata?.contentType).toBe('image/png')
    expect([...new Uint8Array((await kept?.arrayBuffer()) as ArrayBuffer).slice(0, 4)]).toEqual(PNG)

    // Marked bytes in the bucket: what the signed URL serves is R2's copy, not the provider's.
    const marked = new Uint8Array([...PNG, 0x0d, 0x0a, 0x1a, 0x0a, 7, 7, 7])
    const expiresAt = Number(kept?.customMetadata?.expiresAt)
    await bucket.put(key, marked, {
      httpMetadata: { contentType: 'image/png' },
      customMetadata: { expiresAt: String(expiresAt) },
    })
    const url = (last as unknown as Job).images[0]?.url as string
    expect(url).toMatch(/^\/v1\/images\/[^/]+\/0\?expires=\d+&signature=[\w-]+$/)
    const image = await fetchWorker(url)
    expect(image.status).toBe(200)
    expect(image.headers.get('content-type')).toBe('image/png')
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(marked)
    const tampered = await fetchWorker(url.replace('/0?', '/1?'))
    expect(tampered.status).toBe(403)

    // The object's alarm is set for the retention's end; firing it sweeps the image away.
    await alarmsUntil(async () => (await bucket.get(key)) === null)
  })

  it('takes an upload into R2 and serves it at the signed URL it answered', async () => {
    const bytes = new Uint8Array([...PNG, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])
    const created = await fetchWorker('/v1/uploads', {
      method: 'POST',
      headers: { authorization: 'Bearer demo', 'content-type': 'image/png' },
      body: bytes,
    })
    expect(created.status).toBe(201)
    const answer = (await created.json()) as { url: string; size: number }
    expect(answer.size).toBe(bytes.byteLength)
    const name = answer.url.split('/')[3]?.split('?')[0]
    expect(await bucket.get(`uploads/${name}`)).not.toBeNull()
    const fetched = await fetchWorker(answer.url)
    expect(fetched.status).toBe(200)
    expect(new Uint8Array(await fetched.arrayBuffer())).toEqual(bytes)
    const refused = await fetchWorker('/v1/uploads', {
      method: 'POST',
      headers: { authorization: 'Bearer demo', 'content-type': 'image/jpeg' },
      body: bytes,
    })
    expect(refused.status).toBe(400)
  })
})
