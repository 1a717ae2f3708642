import { hmacSha256 as hmac } from '@darkroom/core/signing'
import { constantTimeEqual } from './encoding.js'

/** One caller of the gateway: a name (safe to log) and its secret. */
export interface ApiKey {
  name: string
  secret: string
}

/**
 * Checks bearer secrets against the configured keys. Secrets are compared as HMACs under a
 * per-process key, in constant time, and every key is checked (no early exit), so neither a
 * secret's content nor its length nor which key matched leaks through timing.
 */
export class ApiKeyVerifier {
  readonly #keys: Promise<{ name: string; digest: Uint8Array }[]>
  readonly #pepper: string

  constructor(keys: ApiKey[], pepper: string) {
    this.#pepper = pepper
    this.#keys = Promise.all(
      keys.map(async (k) => ({ name: k.name, digest: await hmac(pepper, k.secret) })),
    )
  }

  /** The name of the key whose secret this is, or null. */
  async verify(secret: string): Promise<string | null> {
    const digest = await hmac(this.#pepper, secret)
    let match: string | null = null
    for (const key of await this.#keys) {
      if (constantTimeEqual(key.digest, digest) && match === null) match = key.name
    }
    return match
  }
}

/** Reads `Authorization: Bearer <secret>`; null when absent or malformed. */
export function bearerSecret(header: string | undefined | null): string | null {
  if (!header) return null
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header)
  return match ? (match[1] as string) : null
}
