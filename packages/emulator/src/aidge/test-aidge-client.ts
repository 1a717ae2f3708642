// Test support only: raw, hand-signed calls to the Aidge emulator.
import { VirtualClock } from '@darkroom/core'
import { signAidge } from '@darkroom/core/signing'
import {
  AIDGE_DEFAULT_CREDENTIALS,
  type AidgeEmulatorOptions,
  createAidgeEmulator,
} from './index.js'

export const SUBMIT = '/ai/virtual/model/generation/batch'
export const QUERY = '/ai/virtual/model/generation/query'
export const BASE = 'http://aidge.emulator.invalid'

/** Any answer of the emulator, loosely typed for assertions (fields absent where not sent). */
export interface Answer {
  requestId?: string
  success?: boolean
  resCode?: number
  resMessage?: string
  type?: string
  code?: string
  message?: string
  data: {
    taskId: string
    taskStatus: string
    taskMessage: string | null
    taskResult: { url: string; width: number; height: number }[]
    result: { taskId: string }
  }
}

/** How to spoil or vary one call. */
export interface CallOverrides {
  accessKeyName?: string
  accessKeySecret?: string
  /** Epoch ms; default the clock's now. */
  timestamp?: number | string
  /** Replace (or, with null, remove) query parameters after signing. */
  params?: Record<string, string | null>
  headers?: Record<string, string>
  method?: string
  /** A raw body instead of JSON.stringify(body). */
  rawBody?: string
}

/** An emulator on a virtual clock with fixed timings, and a signing client for it. */
export function setup(options: AidgeEmulatorOptions = {}) {
  const clock = new VirtualClock()
  const emulator = createAidgeEmulator({
    clock,
    seed: 7,
    queueWait: { kind: 'fixed', ms: 2000 },
    runTime: { kind: 'fixed', ms: 10_000 },
    ...options,
  })

  async function call(api: string, body: unknown, o: CallOverrides = {}): Promise<Response> {
    const name = o.accessKeyName ?? AIDGE_DEFAULT_CREDENTIALS.accessKeyName
    const secret = o.accessKeySecret ?? AIDGE_DEFAULT_CREDENTIALS.accessKeySecret
    const timestamp = String(o.timestamp ?? clock.now())
    const sign = await signAidge({ accessKeySecret: secret, timestamp })
    const url = new URL(`${BASE}/rest${api}`)
    const params: Record<string, string> = {
      partner_id: 'aidge',
      sign_method: 'sha256',
      sign_ver: 'v2',
      app_key: name,
      timestamp,
      sign,
    }
    for (const [key, value] of Object.entries(o.params ?? {})) {
      if (value === null) delete params[key]
      else params[key] = value
    }
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value)
    const method = o.method ?? 'POST'
    return emulator.fetch(url, {
      method,
      headers: { 'content-type': 'application/json', ...o.headers },
      body: method === 'GET' ? undefined : (o.rawBody ?? JSON.stringify(body)),
    })
  }

  async function json(api: string, body: unknown, o?: CallOverrides): Promise<Answer> {
    const res = await call(api, body, o)
    return (await res.json()) as Answer
  }

  /** Submits and returns the task id (throws when the emulator refused). */
  async function submit(params: Record<string, unknown>, o?: CallOverrides): Promise<string> {
    const answer = await json(SUBMIT, params, o)
    if (answer.resCode !== 200) throw new Error(`submit refused: ${JSON.stringify(answer)}`)
    return answer.data.taskId as string
  }

  const query = (taskId: string, o?: CallOverrides) => json(QUERY, { taskId }, o)

  return { clock, emulator, call, json, submit, query }
}

/** The minimal valid submission (the official sample's values). */
export const SAMPLE = {
  maskKeepBg: 'true',
  dimension: '768',
  age: 'YOUTH',
  bgStyle: 'room',
  model: 'WHITE',
  gender: 'FEMALE',
  count: '2',
  imageStyle: 'realPhoto',
  imageBase64: '',
  imageUrl: 'https://ae01.alicdn.com/kf/H873d9e029746449ca21737fcf595b781X.jpg',
}

/** Width and height from a PNG's IHDR. */
export function pngSize(bytes: Uint8Array): [number, number] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return [view.getUint32(16), view.getUint32(20)]
}

/** The PNG signature. */
export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
