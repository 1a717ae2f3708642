/**
 * Aidge `sign_ver=v2` signature (docs/providers.md#aidge-signature). Neither the body nor the API
 * name is signed, so the sign only proves possession of the secret at a given timestamp.
 */

import { hmacSha256, toHex } from './crypto-utils.js'

/** What {@link signAidge} needs; the timestamp is an input so known answers are testable. */
export interface AidgeSignRequest {
  accessKeySecret: string
  /** Epoch milliseconds as a decimal string, exactly as sent in the `timestamp` query value. */
  timestamp: string
}

/**
 * The `sign` query value: uppercase hex HMAC-SHA256 keyed with the secret over
 * `secret + timestamp`. The emulator recomputes it and compares with `timingSafeEqual`.
 */
export async function signAidge(req: AidgeSignRequest): Promise<string> {
  const mac = await hmacSha256(req.accessKeySecret, req.accessKeySecret + req.timestamp)
  return toHex(mac).toUpperCase()
}
