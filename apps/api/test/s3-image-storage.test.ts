import { JobSchema, VirtualClock } from '@darkroom/core'
import * as v from 'valibot'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { imageS3Config } from '../src/config-images-s3.js'
import { ConfigError } from '../src/config-values.js'
import { S3Error, s3ImageStorage } from '../src/images/s3-image-storage.js'
import { parseListPage } from '../src/images/s3-list-xml.js'
import { startNodeGateway } from '../src/runtimes/node-server.js'
import { tempDataDir } from './child-gateway.js'
import { FAKE_S3, startFakeS3 } from './fake-s3.js'
import { loopbackCaller, readSse } from './helpers.js'

const KEY = 'jobs/AAAAAAAAAAAAAAAAAAAAAA/0'
const png = (n: number) => ({
  bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, n]),
  contentType: 'image/png',
})
const S3_ENV = (endpoint: string) => ({
  DARKROOM_IMAGES_S3_ENDPOINT: endpoint,
  DARKROOM_IMAGES_S3_BUCKET: FAKE_S3.bucket,
  DARKROOM_IMAGES_S3_ACCESS_KEY_ID: FAKE_S3.accessKeyId,
  DARKROOM_IMAGES_S3_SECRET_ACCESS_KEY: FAKE_S3.secretAccessKey,
})

describe('s3ImageStorage against a signature-checking fake bucket', () => {
  let s3: Awaited<ReturnType<typeof startFakeS3>>
  beforeAll(async () => {
    s3 = await startFakeS3()
  })
  afterAll(() => s3.close())
  const storage = (pageSize?: number) =>
    s3ImageStorage({ ...FAKE_S3, endpoint: s3.endpoint, prefix: 'dr/', pageSize })

  it('round-trips bytes, type and expiry under the prefix, and deletes', async () => {
    await storage().put(KEY, { ...png(1), expiresAt: 1_700_000_000_123 })
    expect(s3.objects.get(`dr/${KEY}`)?.meta['x-amz-meta-expires-at']).toBe('1700000000123')
    expect(await storage().get(KEY)).toEqual({ ...png(1), expiresAt: 1_700_000_000_123 })
    await storage().delete(KEY)
    expect(await storage().get(KEY)).toBeNull()
    await storage().delete(KEY)
    await expect(storage().get('../etc/passwd')).rejects.toThrow('Not an image storage key')
  })

  it('sweeps expired objects across list pages and reports the next expiry', async () => {
    s3.objects.clear()
    for (let i = 0; i < 7; i++)
      await storage().put(`jobs/${'B'.repeat(20)}${i}/0`, { ...png(i), expiresAt: 1000 * (i + 1) })
    s3.objects.set('dr/not-ours.txt', {
      body: Buffer.from('x'),
      contentType: 'text/plain',
      meta: {},
    })
    s3.seen.length = 0
    expect(await storage(2).sweep(4000)).toEqual({ deleted: 4, next: 5000 })
    expect(s3.seen.filter((r) => r.includes('list-type=2')).length).toBe(4)
    expect(s3.seen.some((r) => r.includes('continuation-token='))).toBe(true)
    expect([...s3.objects.keys()].sort()).toEqual([
      'dr/jobs/BBBBBBBBBBBBBBBBBBBB4/0',
      'dr/jobs/BBBBBBBBBBBBBBBBBBBB5/0',
      'dr/jobs/BBBBBBBBBBBBBBBBBBBB6/0',
      'dr/not-ours.txt',
    ])
  })

  it('turns a 403 AccessDenied into a clear error without the secret', async () => {
    s3.state.denyAll = true
    try {
      const error = await storage()
        .get(KEY)
        .catch((e: unknown) => e)
      expect(S3Error.isInstance(error)).toBe(true)
      expect((error as S3Error).code).toBe('AccessDenied')
      expect(String(error)).toContain(
        `GetObject on bucket "${FAKE_S3.bucket}" failed with HTTP 403 (AccessDenied)`,
      )
      expect(String(error)).not.toContain(FAKE_S3.secretAccessKey)
    } finally {
      s3.state.denyAll = false
    }
  })

  it('refuses a request signed with another secret', async () => {
    const wrong = s3ImageStorage({ ...FAKE_S3, secretAccessKey: 'another', endpoint: s3.endpoint })
    await expect(wrong.get(KEY)).rejects.toThrow('(AccessDenied)')
  })
})

describe('ListObjectsV2 parsing', () => {
  it('decodes keys and tokens, and refuses a page it cannot trust', () => {
    expect(
      parseListPage(
        '<?xml version="1.0"?><ListBucketResult><IsTruncated>true</IsTruncated><Contents><Key>a&amp;b</Key></Contents><NextContinuationToken>t&#x31;</NextContinuationToken></ListBucketResult>',
      ),
    ).toEqual({ keys: ['a&b'], nextToken: 't1' })
    expect(() =>
      parseListPage('<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>'),
    ).toThrow('NextContinuationToken')
    expect(() => parseListPage('<Error><Code>x</Code></Error>')).toThrow('ListBucketResult')
    expect(() =>
      parseListPage(
        '<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>&nbsp;</Key></Contents></ListBucketResult>',
      ),
    ).toThrow('unknown entity')
  })
})

describe('image bucket configuration', () => {
  const full = S3_ENV('https://s3.example.com/')
  it('is all or none', () => {
    expect(imageS3Config({})).toBeNull()
    expect(imageS3Config(full)).toEqual({
      endpoint: 'https://s3.example.com',
      bucket: FAKE_S3.bucket,
      region: 'auto',
      accessKeyId: FAKE_S3.accessKeyId,
      secretAccessKey: FAKE_S3.secretAccessKey,
      prefix: '',
    })
    const partial = {
      ...full,
      DARKROOM_IMAGES_S3_SECRET_ACCESS_KEY: '',
      DARKROOM_IMAGES_S3_BUCKET: ' ',
    }
    expect(() => imageS3Config(partial)).toThrow(
      'DARKROOM_IMAGES_S3_BUCKET, DARKROOM_IMAGES_S3_SECRET_ACCESS_KEY are missing',
    )
    expect(() => imageS3Config({ DARKROOM_IMAGES_S3_PREFIX: 'x' })).toThrow(ConfigError)
  })
  it('takes https, or http on loopback only, and a clean prefix', () => {
    expect(() => imageS3Config({ ...full, DARKROOM_IMAGES_S3_ENDPOINT: 'not a url' })).toThrow(
      'base URL',
    )
    expect(() =>
      imageS3Config({ ...full, DARKROOM_IMAGES_S3_ENDPOINT: 'http://s3.example.com' }),
    ).toThrow('must be https')
    expect(
      imageS3Config({ ...full, DARKROOM_IMAGES_S3_ENDPOINT: 'http://127.0.0.1:9000' })?.endpoint,
    ).toBe('http://127.0.0.1:9000')
    expect(imageS3Config({ ...full, DARKROOM_IMAGES_S3_PREFIX: 'a/b' })?.prefix).toBe('a/b/')
    expect(() => imageS3Config({ ...full, DARKROOM_IMAGES_S3_PREFIX: '../x' })).toThrow(
      'DARKROOM_IMAGES_S3_PREFIX',
    )
  })
})

describe('Node gateway with an image bucket', () => {
  const clock = new VirtualClock()
  const data = tempDataDir()
  let s3: Awaited<ReturnType<typeof startFakeS3>>
  let gateway: Awaited<ReturnType<typeof startNodeGateway>>
  const call = loopbackCaller(clock, () => gateway.url)
  beforeAll(async () => {
    s3 = await startFakeS3()
    gateway = await startNodeGateway(
      { PORT: '0', HOST: '127.0.0.1', DARKROOM_DATA_DIR: data.dir, ...S3_ENV(s3.endpoint) },
      { clock },
    )
  })
  afterAll(async () => {
    await gateway.close()
    await s3.close()
    data.remove()
  })

  it('keeps a succeeded job image in the bucket and serves its signed URL from there', async () => {
    expect(gateway.banner).toContain(`images in S3 bucket "${FAKE_S3.bucket}"`)
    const created = await call('/v1/jobs', {
      method: 'POST',
      body: JSON.stringify({
        provider: 'speedpix',
        operation: 'txt2img',
        input: { prompt: 'a kite', width: 256, height: 256 },
      }),
    })
    const job = v.parse(JobSchema, await created.json())
    const events = await clock.run(async () => readSse(await call(`/v1/jobs/${job.id}/events`)))
    const last = v.parse(JobSchema, JSON.parse(events.events.at(-1)?.data ?? '{}'))
    await clock.run(gateway.imagesIdle())
    const kept = [...s3.objects.entries()].filter(([key]) => key.startsWith('jobs/'))
    expect(kept.length).toBe(1)
    const object = kept[0]?.[1]
    expect(object?.contentType).toBe('image/png')
    // Served from the bucket: change the stored bytes and the signed URL returns the new ones.
    if (object) object.body = Buffer.concat([object.body, Buffer.from('bucket')])
    const bare = await clock.run(clock.track(fetch(new URL(last.images[0]?.url as string))))
    expect(bare.status).toBe(200)
    expect(Buffer.from(await bare.arrayBuffer()).equals(object?.body ?? Buffer.alloc(0))).toBe(true)
  })
})
