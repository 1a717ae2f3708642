import { toBase64Url } from '@darkroom/core/signing'

/** An image as the gateway's storage holds it. */
export interface StoredImage {
  bytes: Uint8Array
  /** The checked MIME type: `image/png`, `image/jpeg`, `image/webp` or `image/gif`. */
  contentType: string
  /** Epoch ms past which it is swept and no longer served. */
  expiresAt: number
}

/**
 * Storage the gateway owns for image bytes (kept job images, uploads): files under the data
 * directory on Node (`fileImageStorage`), an R2 bucket on Workers (`r2ImageStorage`). Keys are
 * the gateway's own ({@link keptImageKey}, {@link uploadKey}), never a caller's text. Web APIs
 * only, so the interface is shared by every runtime.
 */
export interface ImageStorage {
  /** Stores (or replaces) the bytes under `key`; resolves once they are durable. */
  put(key: string, image: StoredImage): Promise<void>
  /** The image under `key`, or null when there is none. Does not check `expiresAt`. */
  get(key: string): Promise<StoredImage | null>
  /** Removes `key`; removing one that is not there is no error. */
  delete(key: string): Promise<void>
  /**
   * Removes every image whose `expiresAt` is at or before `now`; resolves with how many went
   * and the earliest `expiresAt` left (null when nothing is left), for the next sweep.
   */
  sweep(now: number): Promise<{ deleted: number; next: number | null }>
}

/** What storage keys look like: a prefix, then URL-safe characters only (so file names too). */
export const IMAGE_KEY = /^(jobs|uploads)\/[A-Za-z0-9_-]{16,64}(\/\d{1,4})?$/

/**
 * The key of image `index` of a job: a hash of the job's key (its encoded handle, which may be
 * long and holds the provider's ids), so the name is derived, fixed in length and path-safe.
 */
export async function keptImageKey(jobKey: string, index: number): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(jobKey))
  return `jobs/${toBase64Url(new Uint8Array(digest))}/${index}`
}

/** A fresh key for an upload: 128 random bits, so an upload's name cannot be guessed. */
export function uploadKey(): string {
  return `uploads/${toBase64Url(crypto.getRandomValues(new Uint8Array(16)))}`
}
