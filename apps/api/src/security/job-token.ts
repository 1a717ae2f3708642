import { type JobHandle, JobHandleSchema } from '@darkroom/core'
import { fromBase64Url, hmacSha256 as hmac, toBase64Url } from '@darkroom/core/signing'
import * as v from 'valibot'
import { constantTimeEqual } from './encoding.js'

const TokenPayloadSchema = v.strictObject({ v: v.literal(1), k: v.string(), h: JobHandleSchema })

/**
 * Job ids the gateway hands out: the job handle and the API key's name, signed with
 * HMAC-SHA256. The gateway needs no database, and a key can never read another key's jobs.
 * Format: `<base64url payload>.<base64url signature>`.
 */
export async function signJobToken(
  handle: JobHandle,
  keyName: string,
  secret: string,
): Promise<string> {
  const payload = toBase64Url(
    new TextEncoder().encode(JSON.stringify({ v: 1, k: keyName, h: handle })),
  )
  return `${payload}.${toBase64Url(await hmac(secret, payload))}`
}

/**
 * The handle inside a token, when the token is intact and was issued to `keyName`; null
 * otherwise (tampered, truncated, another key's): the caller answers 404 either way, so a
 * probe learns nothing about which.
 */
export async function verifyJobToken(
  token: string,
  keyName: string,
  secret: string,
): Promise<JobHandle | null> {
  const verified = verifiedTokens(secret)
  const cacheKey = `${keyName}\u0000${token}`
  const known = verified.get(cacheKey)
  if (known) return known
  const claims = await readJobToken(token, secret)
  const handle = claims && claims.keyName === keyName ? claims.handle : null
  if (handle) {
    if (verified.size >= MAX_VERIFIED) verified.delete(verified.keys().next().value as string)
    verified.set(cacheKey, handle)
  }
  return handle
}

/**
 * Tokens already verified, per secret, with their handles: a client polls one job with the same
 * token again and again, and each check cost an HMAC, two base64 decodes, a JSON parse and a
 * validation. Only tokens that verified are kept (a forgery is checked every time), keyed by the
 * key name too, and the oldest goes first past {@link MAX_VERIFIED}. The handles are frozen, as
 * they are shared between requests; sharing them also lets core reuse each one's encoded id.
 */
const verifiedBySecret = new Map<string, Map<string, JobHandle>>()
const MAX_VERIFIED = 4096

function verifiedTokens(secret: string): Map<string, JobHandle> {
  let verified = verifiedBySecret.get(secret)
  if (!verified) {
    verified = new Map()
    verifiedBySecret.set(secret, verified)
  }
  return verified
}

/**
 * What an intact token says: the job's handle and the name of the key it was issued to; null
 * for a tampered or malformed one. For a URL that is authorised by its own signature (a signed
 * image URL), not by the caller's key: a route answering a caller's key uses `verifyJobToken`.
 */
export async function readJobToken(
  token: string,
  secret: string,
): Promise<{ handle: JobHandle; keyName: string } | null> {
  const dot = token.indexOf('.')
  if (dot <= 0 || dot !== token.lastIndexOf('.') || token.length > 4096) return null
  const payload = token.slice(0, dot)
  const signature = fromBase64Url(token.slice(dot + 1))
  if (!signature || !constantTimeEqual(signature, await hmac(secret, payload))) return null
  const bytes = fromBase64Url(payload)
  if (!bytes) return null
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder().decode(bytes))
  } catch {
    return null
  }
  const parsed = v.safeParse(TokenPayloadSchema, json)
  if (!parsed.success) return null
  const handle = parsed.output.h
  if (handle.meta) Object.freeze(handle.meta)
  return { handle: Object.freeze(handle), keyName: parsed.output.k }
}
