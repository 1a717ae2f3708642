import type { Clock, Job } from '@darkroom/core'
import { imageUrlExpiry, signPath } from '../security/image-url.js'

/** The path of image `index` of the job `token`, as `signedImageRoute` serves it (before signing). */
export function signedImagePath(token: string, index: number): string {
  return `/v1/images/${token}/${index}`
}

/** What presenting a job needs of the app's context (a route's, or the webhook dispatcher's). */
export interface PresentContext {
  /** When image URLs are signed from. */
  clock: Pick<Clock, 'now'>
  /** Removes secrets from a failed job's error message. */
  redact: (text: string) => string
  /** The token secret signs the image URLs. */
  deps: { config: { tokenSecret: string } }
}

/**
 * A core `Job` as the gateway shows it: the signed token as its id, image URLs that point at the
 * gateway itself, never at the provider's expiring ones, and the error of a failed job through
 * the redactor (its message may be the provider's own words). Each image URL is signed for a day
 * from now (see `imageUrlExpiry`), so it works in an `<img src>` without the Authorization
 * header, and every read of the job hands out a fresh one; `expiresAt` says until when.
 */
export async function presentJob(
  job: Job,
  token: string,
  origin: string,
  ctx: PresentContext,
): Promise<Job> {
  const { raw: _raw, ...rest } = job
  const expiresAt = imageUrlExpiry(ctx.clock.now())
  const secret = ctx.deps.config.tokenSecret
  const images = await Promise.all(
    job.images.map(async (image) => ({
      ...image,
      url: `${origin}${await signPath(signedImagePath(token, image.index), expiresAt, secret)}`,
      expiresAt: new Date(expiresAt).toISOString(),
    })),
  )
  return {
    ...rest,
    id: token,
    images,
    error: job.error && { ...job.error, message: ctx.redact(job.error.message) },
  }
}
