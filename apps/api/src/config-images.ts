import { type ImageS3Config, imageS3Config } from './config-images-s3.js'
import { type Env, wholeNumber } from './config-values.js'

/** How the gateway keeps images (the ones it copies from providers, and uploads). */
export interface ImageConfig {
  /**
   * How long a kept image or an upload stays in the gateway's storage, in ms
   * (`DARKROOM_IMAGE_RETENTION_HOURS`, 1 to 8760 hours). Default 7 days. Past it the image is
   * swept, and a signed URL of a kept job image falls back to the provider's own (often expired)
   * URL.
   */
  retentionMs: number
  /**
   * The largest image kept or uploaded, in bytes (`DARKROOM_IMAGE_MAX_BYTES`, 1 KiB to 100 MiB).
   * Default 20 MiB: providers' results are a few MB; aidge takes inputs up to 4 MB.
   */
  maxBytes: number
  /**
   * The S3-compatible bucket the Node gateway keeps images in (`DARKROOM_IMAGES_S3_*`, see
   * `imageS3Config`). Default null: files under the data directory. Workers use R2 instead.
   */
  s3: ImageS3Config | null
}

const HOUR_MS = 3_600_000
/** A week: long enough to outlive a provider's signed URLs (hours) and a weekend. */
const DEFAULT_RETENTION_HOURS = 7 * 24
const DEFAULT_MAX_BYTES = 20 * 1024 * 1024

/** Reads the image settings; a bad value is a `ConfigError` naming the variable and its range. */
export function imageConfig(env: Env): ImageConfig {
  const hours = wholeNumber(env, 'DARKROOM_IMAGE_RETENTION_HOURS', {
    min: 1,
    max: 365 * 24,
    fallback: DEFAULT_RETENTION_HOURS,
    unit: 'hours',
  })
  const maxBytes = wholeNumber(env, 'DARKROOM_IMAGE_MAX_BYTES', {
    min: 1024,
    max: 100 * 1024 * 1024,
    fallback: DEFAULT_MAX_BYTES,
    unit: 'bytes',
  })
  return { retentionMs: hours * HOUR_MS, maxBytes, s3: imageS3Config(env) }
}
