import type { Job } from '@darkroom/core'

/**
 * A core `Job` as the gateway shows it: the signed token as its id, image URLs that point at the
 * gateway itself (stable, authenticated), never at the provider's expiring ones, and the error of
 * a failed job through the redactor (its message may be the provider's own words).
 */
export function presentJob(
  job: Job,
  token: string,
  origin: string,
  redact: (text: string) => string,
): Job {
  const { raw: _raw, ...rest } = job
  return {
    ...rest,
    id: token,
    images: job.images.map((image) => ({
      ...image,
      url: `${origin}/v1/jobs/${token}/images/${image.index}`,
      expiresAt: null,
    })),
    error: job.error && { ...job.error, message: redact(job.error.message) },
  }
}
