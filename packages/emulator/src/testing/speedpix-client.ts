// Test support only: raw calls to the SpeedPix emulator, signed as API Gateway clients sign them.
import { VirtualClock } from '@darkroom/core'
import { md5Base64, signApiGateway, utf8 } from '@darkroom/core/signing'
import type { FaultOptions } from '../shared/faults.js'
import { createSpeedpixEmulator, SPEEDPIX_DEFAULT_CREDENTIALS } from '../speedpix/index.js'
import { FIXED_TIMINGS } from './fixed-timings.js'
import type { WireJson } from './wire-json.js'

/** Where the tests address the emulator (any host: it is called in-process). */
export const SPEEDPIX_TEST_BASE = 'http://speedpix.test'
/** The content type SpeedPix clients send and accept. */
export const SPEEDPIX_TEST_CONTENT_TYPE = 'application/json; charset=utf-8'
/** The secret the emulator signs its image URLs with in these tests. */
export const SPEEDPIX_TEST_IMAGE_SECRET = 'test-image-secret'

/** How to spoil or vary one signed call. */
export interface SpeedpixSignOptions {
  /** Default the emulator's AppKey. */
  appKey?: string
  /** Default the emulator's AppSecret. */
  appSecret?: string
  /** Epoch ms of the signature. Default the clock's now. */
  now?: number
  /** Default a fresh UUID. */
  nonce?: string
  /** false: no content-md5; a string: that value. Default the body's MD5. */
  md5?: boolean | string
  /** Default `HmacSHA256`. */
  signatureMethod?: string
  /** Extra headers, signed. */
  extra?: Record<string, string>
  /** Sent instead of the signed body. */
  sendBody?: string
}

/** Options of {@link speedpixClient}. */
export interface SpeedpixClientOptions {
  /** Default none. */
  faults?: FaultOptions
  /** Default 7. */
  seed?: number
  /** Default any well-formed id (see `SpeedpixEmulatorOptions.resourcePools`). */
  resourcePools?: readonly string[]
}

/**
 * A SpeedPix emulator on a virtual clock with fixed timings, and a client that signs raw calls
 * to it: `signed` sends a body as is, `call` sends JSON and parses the answer (null when empty).
 */
export function speedpixClient(options: SpeedpixClientOptions = {}) {
  const clock = new VirtualClock()
  const emulator = createSpeedpixEmulator({
    clock,
    seed: options.seed ?? 7,
    faults: options.faults,
    resourcePools: options.resourcePools,
    ...FIXED_TIMINGS,
    imageUrlSecret: SPEEDPIX_TEST_IMAGE_SECRET,
  })

  async function signed(path: string, body: string, o: SpeedpixSignOptions = {}) {
    const now = o.now ?? clock.now()
    const headers: Record<string, string> = {
      accept: SPEEDPIX_TEST_CONTENT_TYPE,
      'content-type': SPEEDPIX_TEST_CONTENT_TYPE,
      date: new Date(now).toUTCString(),
      'x-ca-key': o.appKey ?? SPEEDPIX_DEFAULT_CREDENTIALS.appKey,
      'x-ca-nonce': o.nonce ?? crypto.randomUUID(),
      'x-ca-timestamp': String(now),
      'x-ca-signature-method': o.signatureMethod ?? 'HmacSHA256',
      ...o.extra,
    }
    if (o.md5 !== false)
      headers['content-md5'] = typeof o.md5 === 'string' ? o.md5 : md5Base64(utf8(body))
    const appSecret = o.appSecret ?? SPEEDPIX_DEFAULT_CREDENTIALS.appSecret
    const url = SPEEDPIX_TEST_BASE + path
    const all = await signApiGateway({ method: 'POST', url, headers, appSecret })
    return emulator.fetch(url, { method: 'POST', headers: all, body: o.sendBody ?? body })
  }

  async function call(path: string, payload: unknown, o: SpeedpixSignOptions = {}) {
    const res = await signed(path, JSON.stringify(payload), o)
    const text = await res.text()
    return { res, body: (text ? JSON.parse(text) : null) as WireJson }
  }

  return {
    clock,
    emulator,
    signed,
    call,
    /** Submits to `/scc/sd_<op>`. */
    submit: (payload: Record<string, unknown>, op = 'txt2img', o?: SpeedpixSignOptions) =>
      call(`/scc/sd_${op}`, payload, o),
    progress: (taskId: string) => call('/scc/sd_get_progress', { taskId }),
    result: (taskId: string) => call('/scc/sd_get_result', { taskId }),
  }
}
