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
  if (!parsed.success || parsed.output.k !== keyName) return null
  return parsed.output.h
}
