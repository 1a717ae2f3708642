import { AwsClient } from 'aws4fetch'
import { IMAGE_KEY, type ImageStorage } from './image-storage.js'
import { errorCodeOf, parseListPage } from './s3-list-xml.js'

const MARKER = Symbol.for('darkroom.api.s3-error')

/** What an S3 call was doing when it failed. */
export type S3Operation =
  | 'PutObject'
  | 'GetObject'
  | 'HeadObject'
  | 'DeleteObject'
  | 'ListObjectsV2'

/**
 * An S3 call that failed: an unexpected status, an unreadable answer or no answer at all. The
 * message names the operation, the bucket and S3's error code, never a credential.
 */
export class S3Error extends Error {
  /** @internal identifies these errors across bundles. */
  readonly [MARKER] = true
  /** The HTTP status S3 answered with; null when there was no answer. */
  readonly status: number | null
  /** S3's `<Code>` (`AccessDenied`, `NoSuchBucket`…); null when the answer had none. */
  readonly code: string | null

  constructor(message: string, status: number | null, code: string | null) {
    super(message)
    this.name = 'S3Error'
    this.status = status
    this.code = code
  }

  /** True for an `S3Error`, from any copy of this module. */
  static isInstance(error: unknown): error is S3Error {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[MARKER] === true
    )
  }
}

/** Where the bucket is and how to sign for it. */
export interface S3StorageOptions {
  /** The S3 API's base URL, e.g. `https://<account>.r2.cloudflarestorage.com`; no trailing `/`. */
  endpoint: string
  /** The bucket; addressed path-style (`<endpoint>/<bucket>/<key>`), which MinIO, R2 and AWS take. */
  bucket: string
  /** The signing region; R2 takes `auto`. */
  region: string
  /** The access key id. */
  accessKeyId: string
  /** The secret access key: signs requests, is never sent nor put in a message. */
  secretAccessKey: string
  /** Put before every key, ending in `/` (e.g. `darkroom/`). Default: none. */
  prefix?: string | undefined
  /** The HTTP client. Default: the global `fetch`. */
  fetch?: typeof fetch | undefined
  /** Keys per ListObjectsV2 page, 1 to 1000. Default: S3's own (1000). */
  pageSize?: number | undefined
}

const EXPIRES_HEADER = 'x-amz-meta-expires-at'

/**
 * Images as objects in an S3-compatible bucket (AWS, MinIO, R2's S3 API), over `fetch` with
 * SigV4 signing (aws4fetch), so Web APIs only. The bytes are the body, the type its
 * `Content-Type`, the expiry the metadata `x-amz-meta-expires-at` (epoch ms). A PUT is atomic in
 * S3, so a reader never sees half an image. The sweep lists the prefix and HEADs each object for
 * its expiry: keys stay the gateway's own (so `get` needs no listing), at one HEAD per object per
 * sweep, which runs hourly at most often. Objects without an expiry (not written here) are left
 * alone. Nothing is retried here: the caller (`GatewayImages`) already retries and logs.
 */
export function s3ImageStorage(options: S3StorageOptions): ImageStorage {
  const prefix = options.prefix ?? ''
  const send = options.fetch ?? fetch
  // aws4fetch's own fetch retries with real-time waits; only its signer is used.
  const signer = new AwsClient({
    accessKeyId: options.accessKeyId,
    secretAccessKey: options.secretAccessKey,
    region: options.region,
    service: 's3',
  })
  const bucketUrl = `${options.endpoint}/${encodeURIComponent(options.bucket)}`
  const objectUrl = (key: string) => {
    if (!IMAGE_KEY.test(key)) throw new Error(`Not an image storage key: "${key}".`)
    return `${bucketUrl}/${`${prefix}${key}`.split('/').map(encodeURIComponent).join('/')}`
  }

  async function call(operation: S3Operation, url: string, init: RequestInit, ok: number[]) {
    let response: Response
    try {
      response = await send(await signer.sign(url, init))
    } catch (error) {
      throw new S3Error(
        `S3 ${operation} on bucket "${options.bucket}" got no answer: ${String(error)}`,
        null,
        null,
      )
    }
    if (ok.includes(response.status)) return response
    const text = init.method === 'HEAD' ? '' : await response.text().catch(() => '')
    const code = errorCodeOf(text)
    throw new S3Error(
      `S3 ${operation} on bucket "${options.bucket}" failed with HTTP ${response.status}${code ? ` (${code})` : ''}; check the bucket, its permissions and the DARKROOM_IMAGES_S3_* settings.`,
      response.status,
      code,
    )
  }

  /** The expiry metadata of an answer; null when absent or not epoch ms. */
  const expiryOf = (response: Response) => {
    const raw = response.headers.get(EXPIRES_HEADER)
    return raw && /^\d{1,16}$/.test(raw) ? Number(raw) : null
  }

  async function listPage(token: string | null) {
    const query = new URLSearchParams({ 'list-type': '2', prefix })
    if (options.pageSize !== undefined) query.set('max-keys', String(options.pageSize))
    if (token !== null) query.set('continuation-token', token)
    const response = await call('ListObjectsV2', `${bucketUrl}?${query}`, { method: 'GET' }, [200])
    try {
      return parseListPage(await response.text())
    } catch (error) {
      throw new S3Error(
        `S3 ListObjectsV2 on bucket "${options.bucket}" answered unreadable XML: ${(error as Error).message}.`,
        response.status,
        null,
      )
    }
  }

  async function remove(key: string) {
    // 404 too: some S3-compatible stores answer it for a key that is not there.
    const response = await call(
      'DeleteObject',
      objectUrl(key),
      { method: 'DELETE' },
      [200, 204, 404],
    )
    await response.body?.cancel()
  }

  return {
    async put(key, image) {
      const response = await call(
        'PutObject',
        objectUrl(key),
        {
          method: 'PUT',
          body: image.bytes as Uint8Array<ArrayBuffer>,
          headers: { 'content-type': image.contentType, [EXPIRES_HEADER]: String(image.expiresAt) },
        },
        [200],
      )
      await response.body?.cancel()
    },
    async get(key) {
      const response = await call('GetObject', objectUrl(key), { method: 'GET' }, [200, 404])
      if (response.status === 404) {
        await response.body?.cancel()
        return null
      }
      const bytes = new Uint8Array(await response.arrayBuffer())
      const expiresAt = expiryOf(response)
      if (expiresAt === null) return null
      const contentType = response.headers.get('content-type') ?? 'application/octet-stream'
      return { bytes, contentType, expiresAt }
    },
    delete: remove,
    async sweep(now) {
      let deleted = 0
      let next: number | null = null
      let token: string | null = null
      do {
        const page = await listPage(token)
        for (const name of page.keys) {
          const key = name.slice(prefix.length)
          if (!name.startsWith(prefix) || !IMAGE_KEY.test(key)) continue
          const head = await call('HeadObject', objectUrl(key), { method: 'HEAD' }, [200, 404])
          const expiresAt = head.status === 200 ? expiryOf(head) : null
          if (expiresAt === null) continue
          if (expiresAt <= now) {
            await remove(key)
            deleted++
          } else if (next === null || expiresAt < next) next = expiresAt
        }
        token = page.nextToken
      } while (token !== null)
      return { deleted, next }
    },
  }
}
