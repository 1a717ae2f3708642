import type { Job } from '../model/job.js'

/**
 * A snapshot fit for a store: nothing in it works as a credential. Provider image URLs are
 * signed (their query strings are the signature, and the path may be guessable), so each image's
 * `url` is removed (null) along with `expiresAt`; and `raw`, the provider's own payload, which
 * carries the same URLs, is dropped. Nothing is lost for good: `adapter.image()` asks the
 * provider for fresh URLs (or ids) every time, so stored ones are never needed.
 */
export function storableSnapshot(job: Job): Job {
  const { raw: _raw, ...rest } = job
  if (rest.images.length === 0) return rest
  return { ...rest, images: rest.images.map((image) => ({ ...image, url: null, expiresAt: null })) }
}
