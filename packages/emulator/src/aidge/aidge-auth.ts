/**
 * The gateway's checks of the system query parameters, in the order a gateway can make them:
 * presence, signature method, key, timestamp window, then the sign itself.
 *
 * Aidge's `sign_ver=v2` signs only `secret + timestamp`: there is no nonce and neither the body
 * nor the API name is covered. The only replay protection is the ±15-minute timestamp window;
 * a captured URL can be replayed (even with another body) inside it. The emulator does the
 * same — it cannot refuse a reused sign without refusing two honest calls in one millisecond.
 */
import type { Clock } from '@darkroom/core'
import { signAidge, timingSafeEqual } from '@darkroom/core/signing'
import type { MiddlewareHandler } from 'hono'
import { isFresh } from '../shared/nonce-cache.js'
import { type PlatformCode, platformError } from './aidge-envelopes.js'

/** An access key pair the emulator accepts. */
export interface AidgeCredentials {
  /** The `app_key` query value. */
  accessKeyName: string
  /** Signs `secret + timestamp`. */
  accessKeySecret: string
}

/** What the middleware needs. */
export interface AidgeAuthInput {
  credentials: readonly AidgeCredentials[]
  clock: Clock
  nextRequestId: () => string
}

const REQUIRED = ['app_key', 'timestamp', 'sign', 'sign_method'] as const

/** Refuses a call whose system parameters or sign are wrong, with the gateway's envelope. */
export function aidgeAuth({
  credentials,
  clock,
  nextRequestId,
}: AidgeAuthInput): MiddlewareHandler {
  const refuse = (code: PlatformCode, message: string) =>
    platformError(nextRequestId(), code, message)
  return async (c, next) => {
    const query = new URL(c.req.url).searchParams
    for (const name of REQUIRED) {
      if (!query.get(name)) return refuse('MissingParameter', `Missing required parameter: ${name}`)
    }
    if (query.get('sign_method')?.toLowerCase() !== 'sha256') {
      return refuse('IncompleteSignature', 'Unsupported sign_method: only sha256 is accepted')
    }
    if (query.get('sign_ver') !== 'v2') {
      return refuse('IncompleteSignature', 'Unsupported sign_ver: only v2 is accepted')
    }
    const appKey = query.get('app_key') as string
    const pair = credentials.find((cred) => timingSafeEqual(cred.accessKeyName, appKey))
    if (!pair) return refuse('InvalidAppKey', 'The specified app_key does not exist')
    const timestamp = query.get('timestamp') as string
    if (!/^\d{1,15}$/.test(timestamp) || !isFresh(Number(timestamp), clock.now())) {
      return refuse(
        'InvalidTimestamp',
        'The timestamp must be epoch milliseconds within 15 minutes of the server time',
      )
    }
    const expected = await signAidge({ accessKeySecret: pair.accessKeySecret, timestamp })
    const sign = (query.get('sign') as string).toUpperCase()
    if (!timingSafeEqual(expected, sign)) {
      return refuse(
        'IncompleteSignature',
        'The request signature does not conform to platform standards',
      )
    }
    await next()
  }
}
