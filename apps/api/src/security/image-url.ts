import { fromBase64Url, hmacSha256, toBase64Url } from '@darkroom/core/signing'
import { constantTimeEqual } from './encoding.js'

/** How long a signed image URL works by default: a day from the read that handed it out. */
export const IMAGE_URL_TTL_MS = 24 * 3_600_000

/**
 * Expiries are rounded up to the next hour, so every read of a job within one hour hands out the
 * same URL: a browser's cache (and an `<img>` re-rendered on each poll) keeps hitting it.
 */
const EXPIRY_STEP_MS = 3_600_000

/** The expiry (epoch ms, a whole hour) of a URL signed at `now`: {@link IMAGE_URL_TTL_MS} or a little more. */
export function imageUrlExpiry(now: number): number {
  return Math.ceil((now + IMAGE_URL_TTL_MS) / EXPIRY_STEP_MS) * EXPIRY_STEP_MS
}

/** The message signed: a purpose label (so no other HMAC of the token secret can pass), the path, the expiry. */
function signedText(path: string, expiresSeconds: string): string {
  return `darkroom-image-url:v1\n${path}\n${expiresSeconds}`
}

/**
 * `path` (a gateway path such as `/v1/images/<job>/<index>`, which names the job and the index)
 * with `?expires=<epoch s>&signature=<HMAC-SHA256, base64url>`: a URL that needs no
 * Authorization header, so it works in an `<img src>` and for a provider fetching an upload.
 */
export async function signPath(path: string, expiresAt: number, secret: string): Promise<string> {
  const expires = String(Math.ceil(expiresAt / 1000))
  const signature = toBase64Url(await hmacSha256(secret, signedText(path, expires)))
  return `${path}?expires=${expires}&signature=${signature}`
}

/** The verdict of {@link checkSignedPath}: `expired` only for an intact signature. */
export type SignedPathVerdict =
  | { ok: true; expiresAt: number }
  | { ok: false; reason: 'bad' | 'expired' }

/**
 * Checks the `expires` and `signature` query values of a signed `path` (constant-time): `bad`
 * for a missing, malformed or tampered one, `expired` for an intact one past its expiry (usable
 * up to and including its second).
 */
export async function checkSignedPath(
  path: string,
  expires: string | undefined,
  signature: string | undefined,
  now: number,
  secret: string,
): Promise<SignedPathVerdict> {
  if (!expires || !signature || !/^\d{1,12}$/.test(expires)) return { ok: false, reason: 'bad' }
  const given = fromBase64Url(signature)
  const wanted = await hmacSha256(secret, signedText(path, expires))
  if (!given || !constantTimeEqual(given, wanted)) return { ok: false, reason: 'bad' }
  const expiresAt = Number(expires) * 1000
  return now > expiresAt ? { ok: false, reason: 'expired' } : { ok: true, expiresAt }
}
