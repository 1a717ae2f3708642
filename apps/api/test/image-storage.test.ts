import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { VirtualClock } from '@darkroom/core'
import { afterEach, describe, expect, it } from 'vitest'
import { imageConfig } from '../src/config-images.js'
import { ConfigError } from '../src/config-values.js'
import { GatewayImages } from '../src/images/gateway-images.js'
import { checkImage } from '../src/images/image-check.js'
import { keptImageKey, uploadKey } from '../src/images/image-storage.js'
import { fileImageStorage } from '../src/runtimes/node-image-storage.js'
import { tempDataDir } from './child-gateway.js'

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])
const HOUR = 3_600_000

let removeDir: (() => void) | null = null
afterEach(() => {
  removeDir?.()
  removeDir = null
})

function tempImages() {
  const data = tempDataDir()
  removeDir = data.remove
  const dir = join(data.dir, 'images')
  return { dir, storage: fileImageStorage(dir) }
}

describe('fileImageStorage', () => {
  it('writes each image whole (no temporary file left), reads it back, deletes it', async () => {
    const { dir, storage } = tempImages()
    const key = await keptImageKey('job-key', 0)
    expect(await storage.get(key)).toBeNull()
    await storage.put(key, { bytes: PNG, contentType: 'image/png', expiresAt: 5000 })
    expect(readdirSync(dir)).toEqual([`${key.replaceAll('/', '.')}.img`])
    const read = await storage.get(key)
    expect(read).toEqual({ bytes: PNG, contentType: 'image/png', expiresAt: 5000 })
    await storage.delete(key)
    await storage.delete(key)
    expect(await storage.get(key)).toBeNull()
  })

  it('sweeps what expired, leaves the rest and files not its own, and says the next expiry', async () => {
    const { dir, storage } = tempImages()
    const old = uploadKey()
    const fresh = uploadKey()
    await storage.put(old, { bytes: PNG, contentType: 'image/png', expiresAt: 1000 })
    await storage.put(fresh, { bytes: PNG, contentType: 'image/png', expiresAt: 9000 })
    writeFileSync(join(dir, 'stranger.img'), 'not ours')
    expect(await storage.sweep(1000)).toEqual({ deleted: 1, next: 9000 })
    expect(await storage.get(old)).toBeNull()
    expect(await storage.get(fresh)).not.toBeNull()
    expect(existsSync(join(dir, 'stranger.img'))).toBe(true)
    expect(await storage.sweep(9000)).toEqual({ deleted: 1, next: null })
  })

  it('sweeps nothing before the first write, and refuses a key it did not make', async () => {
    const { storage } = tempImages()
    expect(await storage.sweep(Date.now())).toEqual({ deleted: 0, next: null })
    await expect(
      storage.put('../../etc/passwd', { bytes: PNG, contentType: 'image/png', expiresAt: 1 }),
    ).rejects.toThrow('Not an image storage key')
  })
})

describe('checkImage', () => {
  it('takes the four kept types whose bytes agree, and says what is wrong otherwise', () => {
    expect(checkImage(PNG, 'image/png; charset=x', 100)).toEqual({
      ok: true,
      contentType: 'image/png',
    })
    expect(checkImage(PNG, 'image/jpeg', 100)).toMatchObject({ ok: false, reason: 'signature' })
    expect(checkImage(PNG, 'image/bmp', 100)).toMatchObject({ ok: false, reason: 'type' })
    expect(checkImage(PNG, null, 100)).toMatchObject({ ok: false, reason: 'type' })
    expect(checkImage(PNG, 'image/png', 10)).toMatchObject({ ok: false, reason: 'size' })
  })
})

describe('imageConfig', () => {
  it('defaults to a week and 20 MiB, and names the variable of a bad value', () => {
    expect(imageConfig({})).toEqual({
      retentionMs: 168 * HOUR,
      maxBytes: 20 * 1024 * 1024,
      s3: null,
    })
    expect(imageConfig({ DARKROOM_IMAGE_RETENTION_HOURS: '2' }).retentionMs).toBe(2 * HOUR)
    for (const bad of ['0', '9000', 'soon', '1.5']) {
      expect(() => imageConfig({ DARKROOM_IMAGE_RETENTION_HOURS: bad })).toThrow(ConfigError)
    }
    expect(() => imageConfig({ DARKROOM_IMAGE_MAX_BYTES: '12' })).toThrow(
      'DARKROOM_IMAGE_MAX_BYTES must be a whole number of bytes from 1024 to 104857600, got "12".',
    )
  })
})

describe('GatewayImages', () => {
  function keeper() {
    const { storage } = tempImages()
    const clock = new VirtualClock()
    const logs: string[] = []
    const config = { retentionMs: 2 * HOUR, maxBytes: 1024, s3: null }
    const images = new GatewayImages({
      storage,
      config,
      clock,
      random: () => 0.5,
      log: (m) => logs.push(m),
    })
    return { storage, clock, logs, images }
  }

  it('retries a failed fetch with the backoff, then keeps the image', async () => {
    const { clock, images, logs } = keeper()
    let calls = 0
    const started = clock.now()
    images.keepJob('job', 1, async () => {
      calls += 1
      if (calls < 3) throw new Error('upstream 503')
      return { bytes: PNG, mimeType: 'image/png' }
    })
    await clock.run(images.idle())
    expect(calls).toBe(3)
    // 1.5 s then 3 s: core's backoff from 2 s, the jitter's draw 0.5.
    expect(clock.now() - started).toBe(4500)
    expect(logs).toEqual([])
    expect(await images.get(await keptImageKey('job', 0))).not.toBeNull()
  })

  it('gives up after four attempts and logs it; refuses bytes over the cap without a retry', async () => {
    const { clock, images, logs } = keeper()
    images.keepJob('job', 1, () => Promise.reject(new Error('upstream down')))
    await clock.run(images.idle())
    expect(logs).toEqual(['image 0 of job job not kept after 4 attempts: upstream down'])
    let calls = 0
    const big = new Uint8Array(2048)
    big.set(PNG)
    images.keepJob('big', 1, async () => {
      calls += 1
      return { bytes: big, mimeType: 'image/png' }
    })
    await clock.run(images.idle())
    expect(calls).toBe(1)
    expect(logs[1]).toContain('not kept: the image is 2048 bytes, more than the 1024 allowed')
  })

  it('serves a kept copy without asking the provider, and keeps what it had to fetch', async () => {
    const { clock, images } = keeper()
    let calls = 0
    const fetchImage = async () => {
      calls += 1
      return { bytes: PNG, mimeType: 'image/png' }
    }
    const started = clock.now()
    const first = await clock.run(images.image('job', 0, fetchImage))
    await clock.run(images.idle())
    expect(first).toEqual({ bytes: PNG, mimeType: 'image/png', expiresAt: null })
    const second = await clock.run(images.image('job', 0, fetchImage))
    expect(second).toMatchObject({ bytes: PNG, mimeType: 'image/png' })
    // Kept for the retention from the fetch; time held still while the bytes were stored.
    expect(second.expiresAt).toBe(started + 2 * HOUR)
    expect(calls).toBe(1)
  })

  it('sweeps on its timer once the retention is over, and treats an expired image as gone', async () => {
    const { clock, images, storage } = keeper()
    const key = uploadKey()
    await clock.run(images.put(key, PNG, 'image/png'))
    await clock.advance(HOUR)
    expect(await images.get(key)).not.toBeNull()
    await clock.advance(HOUR + 1)
    await clock.run(images.idle())
    expect(await storage.get(key)).toBeNull()
    // Stored again past the retention behind the sweep's back: a read deletes it.
    await storage.put(key, { bytes: PNG, contentType: 'image/png', expiresAt: clock.now() - 1 })
    expect(await images.get(key)).toBeNull()
    expect(await storage.get(key)).toBeNull()
    await images.close()
    expect(clock.pendingTimers).toBe(0)
  })
})
