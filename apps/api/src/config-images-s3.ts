import { ConfigError, type Env } from './config-values.js'

/** An S3-compatible bucket for kept images and uploads (Node), from `DARKROOM_IMAGES_S3_*`. */
export interface ImageS3Config {
  /** `DARKROOM_IMAGES_S3_ENDPOINT`: https, or http on loopback only; trailing `/` dropped. */
  endpoint: string
  /** `DARKROOM_IMAGES_S3_BUCKET`: addressed path-style. */
  bucket: string
  /** `DARKROOM_IMAGES_S3_REGION`. Default `auto` (R2); AWS needs the bucket's region. */
  region: string
  /** `DARKROOM_IMAGES_S3_ACCESS_KEY_ID`. */
  accessKeyId: string
  /** `DARKROOM_IMAGES_S3_SECRET_ACCESS_KEY`: redacted from every message. */
  secretAccessKey: string
  /** `DARKROOM_IMAGES_S3_PREFIX`, ending in `/`. Default: none (keys at the bucket's root). */
  prefix: string
}

/** The variables that must be set together (region and prefix have defaults). */
const REQUIRED = [
  'DARKROOM_IMAGES_S3_ENDPOINT',
  'DARKROOM_IMAGES_S3_BUCKET',
  'DARKROOM_IMAGES_S3_ACCESS_KEY_ID',
  'DARKROOM_IMAGES_S3_SECRET_ACCESS_KEY',
] as const

/** S3's rules for bucket names, loosened to what MinIO and R2 also take. */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/
const PREFIX = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*\/?$/
const REGION = /^[a-z0-9-]{1,32}$/

function loopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname)
}

function endpointOf(raw: string): string {
  let url: URL | null = null
  try {
    url = new URL(raw)
  } catch {}
  const plain =
    url && !url.username && !url.password && !url.search && !url.hash && url.pathname === '/'
  if (!url || !plain || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new ConfigError(
      `DARKROOM_IMAGES_S3_ENDPOINT must be the S3 API's base URL like https://s3.us-east-1.amazonaws.com (no path, query or credentials), got "${raw}".`,
    )
  }
  if (url.protocol === 'http:' && !loopback(url.hostname)) {
    throw new ConfigError(
      `DARKROOM_IMAGES_S3_ENDPOINT must be https (http only for a loopback host such as a local MinIO), got "${raw}".`,
    )
  }
  return url.origin
}

/**
 * The image bucket, when `DARKROOM_IMAGES_S3_*` are set: all four required ones or none (null,
 * files under the data directory). A partial set or a bad value is a `ConfigError` naming the
 * variables; a value of the secret never appears in one.
 */
export function imageS3Config(env: Env): ImageS3Config | null {
  const value = (name: string) => env[name]?.trim() ?? ''
  const missing = REQUIRED.filter((name) => !value(name))
  if (missing.length === REQUIRED.length) {
    const stray = ['DARKROOM_IMAGES_S3_REGION', 'DARKROOM_IMAGES_S3_PREFIX'].filter(value)
    if (stray.length === 0) return null
    throw new ConfigError(
      `${stray.join(' and ')} set, but no image bucket is: set ${REQUIRED.join(', ')} too (or unset ${stray.join(' and ')}).`,
    )
  }
  if (missing.length > 0) {
    throw new ConfigError(
      `The image bucket is half configured: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing. Set all of ${REQUIRED.join(', ')}, or none to keep images as files.`,
    )
  }
  const bucket = value('DARKROOM_IMAGES_S3_BUCKET')
  if (!BUCKET.test(bucket)) {
    throw new ConfigError(
      `DARKROOM_IMAGES_S3_BUCKET must be a bucket name (3 to 63 lower-case letters, digits, dots and hyphens), got "${bucket}".`,
    )
  }
  const region = value('DARKROOM_IMAGES_S3_REGION') || 'auto'
  if (!REGION.test(region)) {
    throw new ConfigError(
      `DARKROOM_IMAGES_S3_REGION must be a region like us-east-1 (or auto for R2), got "${region}".`,
    )
  }
  const prefix = value('DARKROOM_IMAGES_S3_PREFIX')
  if (prefix && (!PREFIX.test(prefix) || prefix.split('/').some((s) => s === '.' || s === '..'))) {
    throw new ConfigError(
      `DARKROOM_IMAGES_S3_PREFIX must be path segments of letters, digits, ".", "_" and "-" (like darkroom/images), none of them "." or "..", got "${prefix}".`,
    )
  }
  return {
    endpoint: endpointOf(value('DARKROOM_IMAGES_S3_ENDPOINT')),
    bucket,
    region,
    accessKeyId: value('DARKROOM_IMAGES_S3_ACCESS_KEY_ID'),
    secretAccessKey: value('DARKROOM_IMAGES_S3_SECRET_ACCESS_KEY'),
    prefix: prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix,
  }
}
