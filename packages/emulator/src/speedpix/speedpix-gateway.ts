/**
 * How Alibaba Cloud API Gateway, in front of SpeedPix, answers what it refuses: an empty body,
 * the reason in `X-Ca-Error-Code` / `X-Ca-Error-Message`, and `X-Ca-Request-Id` on every answer.
 * Codes follow the gateway's six-character scheme (`I400MH`, `A403IS`, ...); those not confirmed by
 * its public error table are marked [inferred] in the README-level notes of `index.ts`.
 */

import type { Context } from 'hono'
import type { FaultRenderer } from '../shared/faults.js'
import type { Rng } from '../simulator/rng.js'

/** Per-request values the SpeedPix app passes between middleware and handlers. */
export interface SpeedpixEnv {
  Variables: {
    /** The raw request body, read once by the signature check (content-md5 covers it). */
    body: string
    /** The AppKey that signed the request. */
    appKey: string
  }
}

/** A gateway refusal: what it says and with which HTTP status. */
export interface GatewayRefusal {
  status: 400 | 403 | 404 | 429 | 500 | 503
  code: string
  message: string
}

/** The refusals the emulator's gateway can answer, by cause. */
export const GATEWAY = {
  apiNotFound: { status: 404, code: 'I404NF', message: 'API not found' },
  invalidAppKey: { status: 400, code: 'A400IK', message: 'Invalid AppKey' },
  invalidTimestamp: { status: 400, code: 'A400IT', message: 'Invalid Timestamp' },
  nonceUsed: { status: 400, code: 'A400NU', message: 'Nonce Used' },
  invalidContentMd5: { status: 400, code: 'A400IM', message: 'Invalid Content-MD5' },
  throttled: { status: 429, code: 'T429PA', message: 'Throttled by API Flow Control' },
  backendBusy: { status: 503, code: 'D503CB', message: 'Backend circuit breaker busy' },
  internal: { status: 500, code: 'X500ER', message: 'Internal Error' },
} as const satisfies Record<string, GatewayRefusal>

/** `Header \`X-Ca-Nonce\` is Required` (I400MH), the gateway's answer to a missing header. */
export function missingHeader(name: string): GatewayRefusal {
  return { status: 400, code: 'I400MH', message: `Header \`${name}\` is Required` }
}

/** `Invalid Header ...` (I400HD): a header present but unusable, e.g. an unknown algorithm. */
export function invalidHeader(name: string, reason: string): GatewayRefusal {
  return { status: 400, code: 'I400HD', message: `Invalid Header \`${name}\` ${reason}` }
}

/**
 * The signature mismatch (A403IS): the gateway echoes its own string to sign so the caller can
 * compare, with newlines shown as `#` since a header cannot hold them.
 */
export function invalidSignature(stringToSign: string): GatewayRefusal {
  return {
    status: 403,
    code: 'A403IS',
    message: `Invalid Signature, Server StringToSign:\`${stringToSign.replaceAll('\n', '#')}\``,
  }
}

/** Header values must be single-line Latin-1; anything else is replaced rather than crashing. */
function headerSafe(text: string): string {
  return text.replace(/[\r\n]/g, '#').replace(/[^\x20-\x7e]/g, '?')
}

/** Answers a refusal: empty body, reason in headers, as the real gateway does. */
export function refuse(c: Context, refusal: GatewayRefusal, extra: Record<string, string> = {}) {
  c.header('X-Ca-Error-Code', refusal.code)
  c.header('X-Ca-Error-Message', headerSafe(refusal.message))
  for (const [name, value] of Object.entries(extra)) c.header(name, value)
  return c.body(null, refusal.status)
}

/** Gateway request ids look like uppercase UUIDs; drawn from the seed so runs replay. */
export function uuidFrom(rng: Rng, upper: boolean): string {
  let hex = ''
  for (let i = 0; i < 32; i++) hex += rng.int(0, 15).toString(16)
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[rng.int(0, 3)]}${hex.slice(17, 20)}-${hex.slice(20)}`
  return upper ? id.toUpperCase() : id
}

/**
 * Injected faults as the gateway would show them: throttling is HTTP 429 with `Retry-After`
 * (so clients can be tested honouring it), a server error is the gateway's backend-busy 503.
 */
export const speedpixFaults: FaultRenderer = {
  serverError: (c) => refuse(c, GATEWAY.backendBusy),
  rateLimited: (c) => refuse(c, GATEWAY.throttled, { 'Retry-After': '1' }),
}
