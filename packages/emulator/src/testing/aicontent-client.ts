// Test support only: raw requests to the AI Content emulator, signed with core's primitives.
import { type Clock, VirtualClock } from '@darkroom/core'
import { acs3Query, signAcs3 } from '@darkroom/core/signing'
import { PATH_PREFIX, ROUTES } from '../aicontent/aicontent-wire.js'
import { type AicontentEmulatorOptions, createAicontentEmulator } from '../aicontent/index.js'
import { inProcessBaseUrl } from '../emulators.js'
import { FIXED_TIMINGS } from './fixed-timings.js'
import type { WireJson } from './wire-json.js'

/** One raw call to the AI Content emulator; every field but `path` has a working default. */
export interface RawCall {
  /** Path below the prefix, e.g. `/addInferenceJob`. */
  path: string
  /** Query parameters, signed. Default none. */
  query?: Record<string, string>
  /** Sent as JSON. Default no body. */
  body?: unknown
  /** Sent as is instead of JSON.stringify(body). */
  rawBody?: string
  /** `x-acs-action`. Default the route's action. */
  action?: string
  /** `x-acs-version`. Default `20240611`. */
  version?: string
  /** Default the route's method (GET for unknown paths). */
  method?: string
  /** `x-acs-date`. Default the clock's now. */
  date?: string
  /** `x-acs-signature-nonce`. Default a fresh one per call. */
  nonce?: string
  /** Default the emulator's. */
  accessKeyId?: string
  /** Default the emulator's. */
  accessKeySecret?: string
  /** Extra headers, signed. */
  headers?: Record<string, string>
  /** Changes the signed headers before sending (to tamper after signing). */
  tamper?: (headers: Record<string, string>) => void
  /** Changes the URL after signing. */
  tamperUrl?: (url: URL) => void
}

let counter = 0

/**
 * An AI Content emulator on a virtual clock (the one in `options`, or a fresh one) with fixed
 * timings, and a client signing as its credentials: `send` answers the Response, `json` its
 * status and parsed body.
 */
export function aicontentClient(options: AicontentEmulatorOptions = {}) {
  const clock = (options.clock as VirtualClock | undefined) ?? new VirtualClock()
  const emulator = createAicontentEmulator({
    ...FIXED_TIMINGS,
    trainRunTime: { kind: 'fixed', ms: 60_000 },
    ...options,
    clock,
  })
  const send = (call: RawCall) => signedCall(emulator.fetch, clock, emulator.credentials, call)
  const json = async (call: RawCall) => {
    const res = await send(call)
    return { status: res.status, body: (await res.json()) as WireJson }
  }
  return { clock, emulator, send, json }
}

async function signedCall(
  fetchImpl: typeof fetch,
  clock: Clock,
  credentials: { accessKeyId: string; accessKeySecret: string },
  call: RawCall,
): Promise<Response> {
  const route = ROUTES[call.path]
  const method = call.method ?? route?.method ?? 'GET'
  const query = call.query ? `?${acs3Query(Object.entries(call.query))}` : ''
  const url = `${inProcessBaseUrl('aicontent')}${PATH_PREFIX}${call.path}${query}`
  const body = call.rawBody ?? (call.body === undefined ? undefined : JSON.stringify(call.body))
  const headers: Record<string, string> = {
    accept: 'application/json',
    'x-acs-action': call.action ?? route?.action ?? 'Unknown',
    'x-acs-version': call.version ?? '20240611',
    ...(body !== undefined && { 'content-type': 'application/json; charset=utf-8' }),
    ...call.headers,
  }
  const signed = await signAcs3({
    method,
    url,
    headers,
    body,
    accessKeyId: call.accessKeyId ?? credentials.accessKeyId,
    accessKeySecret: call.accessKeySecret ?? credentials.accessKeySecret,
    date: call.date ?? new Date(clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    nonce: call.nonce ?? `nonce-${++counter}-${Math.random().toString(16).slice(2)}`,
  })
  call.tamper?.(signed)
  const target = new URL(url)
  call.tamperUrl?.(target)
  return fetchImpl(target, { method, headers: signed, body })
}
