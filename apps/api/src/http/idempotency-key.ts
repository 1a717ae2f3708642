import { IDEMPOTENCY_KEY_HEADER, isIdempotencyKey } from '@darkroom/client/wire'
import { requestPath, type SubmitIdempotency } from '@darkroom/core'
import { canonicalJson } from '@darkroom/core/engine'
import { sha256Hex } from '@darkroom/core/signing'
import { HttpProblem } from './http-problem.js'

/**
 * The `Idempotency-Key` of a submit, checked, or null when none was sent. A key of another form
 * is a 400 naming the header, never silently ignored (the caller counts on it).
 */
export function readIdempotencyKey(value: string | undefined): string | null {
  if (value === undefined) return null
  if (isIdempotencyKey(value)) return value
  throw new HttpProblem({
    status: 400,
    code: 'invalid_input',
    detail: `The ${IDEMPOTENCY_KEY_HEADER} header must be 1 to 255 visible ASCII characters (no spaces), such as a UUID; got ${value.length} character(s) that are not. Send a valid key, or none.`,
    errors: [
      {
        path: requestPath(IDEMPOTENCY_KEY_HEADER),
        message: 'must be 1 to 255 visible ASCII characters',
      },
    ],
  })
}

/**
 * The idempotency of a submit: its key and the SHA-256 of its parsed body as canonical JSON (key
 * order does not matter; every member counts, so a field added to the body later counts too).
 */
export async function submitIdempotency(key: string, body: unknown): Promise<SubmitIdempotency> {
  return { key, fingerprint: await sha256Hex(canonicalJson(body)) }
}
