// Test support only: signs raw requests to the AI Content emulator with the core primitives.
import { type Clock, VirtualClock } from '@darkroom/core'
import { acs3Query, signAcs3 } from '@darkroom/core/signing'
import { PATH_PREFIX, ROUTES } from './aicontent-wire.js'
import { type AicontentEmulatorOptions, createAicontentEmulator } from './index.js'

export const HOST = 'aicontent.emulator.invalid'

/** Answers read field by field in tests, where a schema per assertion would only add noise. */
// biome-ignore lint/suspicious/noExplicitAny: test-only view of arbitrary JSON answers
export type WireJson = Record<string, any>

export interface RawCall {
  /** Path below the prefix, e.g. `/addInferenceJob`. */
  path: string
  query?: Record<string, string>
  body?: unknown
  /** Sent as is instead of JSON.stringify(body). */
  rawBody?: string
  action?: string
  version?: string
  method?: string
  date?: string
  nonce?: string
  accessKeyId?: string
  accessKeySecret?: string
  /** Extra headers, signed. */
  headers?: Record<string, string>
  /** Changes the signed headers before sending (to tamper after signing). */
  tamper?: (headers: Record<string, string>) => void
  /** Changes the URL after signing. */
  tamperUrl?: (url: URL) => void
}

let counter = 0

/** Creates an emulator on a virtual clock with a client signing as its credentials. */
export function setup(options: AicontentEmulatorOptions = {}) {
  const clock = (options.clock as VirtualClock | undefined) ?? new VirtualClock()
  const emulator = createAicontentEmulator({
    queueWait: { kind: 'fixed', ms: 2000 },
    runTime: { kind: 'fixed', ms: 10_000 },
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

/** Signs and sends one call. */
export async function signedCall(
  fetchImpl: typeof fetch,
  clock: Clock,
  credentials: { accessKeyId: string; accessKeySecret: string },
  call: RawCall,
  origin = `http://${HOST}`,
): Promise<Response> {
  const route = ROUTES[call.path]
  const method = call.method ?? route?.method ?? 'GET'
  const query = call.query ? `?${acs3Query(Object.entries(call.query))}` : ''
  const url = `${origin}${PATH_PREFIX}${call.path}${query}`
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
