import type { Job } from '@darkroom/core'

/**
 * A core `Job` as the gateway shows it: the signed token as its id, and image URLs that point at
 * the gateway itself (stable, authenticated), never at the provider's expiring ones.
 */
export function presentJob(job: Job, token: string, origin: string): Job {
  const { raw: _raw, ...rest } = job
  return {
    ...rest,
    id: token,
    images: job.images.map((image) => ({
      ...image,
      url: `${origin}/v1/jobs/${token}/images/${image.index}`,
      expiresAt: null,
    })),
  }
}
