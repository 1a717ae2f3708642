import { IMAGE_KEY, type ImageStorage } from '../../images/image-storage.js'

/** The binding name of the gateway's image bucket (wrangler.jsonc's `r2_buckets`). */
export const IMAGES_BINDING = 'DARKROOM_IMAGES'

/** The parts of an R2 object read here. */
interface R2ObjectLike {
  key: string
  customMetadata?: Record<string, string> | undefined
  httpMetadata?: { contentType?: string | undefined } | undefined
}

/**
 * The parts of Workers' `R2Bucket` this storage uses, typed by hand (as `cloudflare-workers.d.ts`
 * is: workers-types would replace the DOM globals the rest is checked against).
 */
export interface R2BucketLike {
  put(
    key: string,
    value: Uint8Array,
    options: {
      httpMetadata: { contentType: string }
      customMetadata: Record<string, string>
    },
  ): Promise<unknown>
  get(key: string): Promise<(R2ObjectLike & { arrayBuffer(): Promise<ArrayBuffer> }) | null>
  delete(keys: string | string[]): Promise<void>
  list(options: {
    cursor?: string | undefined
    include: 'customMetadata'[]
  }): Promise<{ objects: R2ObjectLike[]; truncated: boolean; cursor?: string | undefined }>
}

/** The expiry an object carries (custom metadata `expiresAt`, epoch ms); null when it has none. */
function expiryOf(object: R2ObjectLike): number | null {
  const raw = object.customMetadata?.expiresAt
  return raw && /^\d{1,16}$/.test(raw) ? Number(raw) : null
}

/**
 * Images in an R2 bucket: the bytes as the object's body, the type as its `Content-Type`, the
 * expiry as custom metadata. One `put` is atomic in R2, so a reader never sees half an image.
 * The sweep lists the bucket (with the metadata) and deletes in batches; objects without an
 * expiry (not written here) are left alone.
 */
export function r2ImageStorage(bucket: R2BucketLike): ImageStorage {
  const checked = (key: string) => {
    if (!IMAGE_KEY.test(key)) throw new Error(`Not an image storage key: "${key}".`)
    return key
  }
  return {
    async put(key, image) {
      await bucket.put(checked(key), image.bytes, {
        httpMetadata: { contentType: image.contentType },
        customMetadata: { expiresAt: String(image.expiresAt) },
      })
    },
    async get(key) {
      const object = await bucket.get(checked(key))
      const expiresAt = object && expiryOf(object)
      if (!object || expiresAt === null) return null
      const contentType = object.httpMetadata?.contentType ?? 'application/octet-stream'
      return { bytes: new Uint8Array(await object.arrayBuffer()), contentType, expiresAt }
    },
    async delete(key) {
      await bucket.delete(checked(key))
    },
    async sweep(now) {
      let deleted = 0
      let next: number | null = null
      let cursor: string | undefined
      do {
        const page = await bucket.list({ cursor, include: ['customMetadata'] })
        const expired: string[] = []
        for (const object of page.objects) {
          const expiresAt = expiryOf(object)
          if (expiresAt === null || !IMAGE_KEY.test(object.key)) continue
          if (expiresAt <= now) expired.push(object.key)
          else if (next === null || expiresAt < next) next = expiresAt
        }
        // R2 deletes up to 1000 keys per call; a list page holds at most 1000.
        if (expired.length > 0) await bucket.delete(expired)
        deleted += expired.length
        cursor = page.truncated ? page.cursor : undefined
      } while (cursor)
      return { deleted, next }
    },
  }
}
