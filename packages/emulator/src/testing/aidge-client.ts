// Test support only: raw, hand-signed calls to the Aidge emulator.
import { VirtualClock } from '@darkroom/core'
import { signAidge } from '@darkroom/core/signing'
import {
  AIDGE_DEFAULT_CREDENTIALS,
  type AidgeEmulatorOptions,
  createAidgeEmulator,
} from '../aidge/index.js'
import { inProcessBaseUrl } from '../emulators.js'
import { FIXED_TIMINGS } from './fixed-timings.js'

/** The submit API, by name (the path below `/rest`). */
export const AIDGE_SUBMIT = '/ai/virtual/model/generation/batch'
/** The query API, by name. */
export const AIDGE_QUERY = '/ai/virtual/model/generation/query'

/** Any answer of the emulator, loosely typed for assertions (fields absent where not sent). */
export interface AidgeAnswer {
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
export interface AidgeCallOverrides {
  /** Default the emulator's. */
  accessKeyName?: string
  /** Default the emulator's. */
  accessKeySecret?: string
  /** Epoch ms; default the clock's now. */
  timestamp?: number | string
  /** Replace (or, with null, remove) query parameters after signing. */
  params?: Record<string, string | null>
  /** Extra headers. Default none. */
  headers?: Record<string, string>
  /** Default POST (GET sends no body). */
  method?: string
  /** A raw body instead of JSON.stringify(body). */
  rawBody?: string
}

/**
 * An Aidge emulator on a virtual clock with fixed timings and seed 7, and a client signing as
 * its credentials: `call` answers the Response, `json` the parsed answer, `submit` the task id.
 */
export function aidgeClient(options: AidgeEmulatorOptions = {}) {
  const clock = new VirtualClock()
  const emulator = createAidgeEmulator({
    clock,
    seed: 7,
    ...FIXED_TIMINGS,
    ...options,
  })

  async function call(api: string, body: unknown, o: AidgeCallOverrides = {}): Promise<Response> {
    const name = o.accessKeyName ?? AIDGE_DEFAULT_CREDENTIALS.accessKeyName
    const secret = o.accessKeySecret ?? AIDGE_DEFAULT_CREDENTIALS.accessKeySecret
    const timestamp = String(o.timestamp ?? clock.now())
    const sign = await signAidge({ accessKeySecret: secret, timestamp })
    const url = new URL(`${inProcessBaseUrl('aidge')}/rest${api}`)
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

  async function json(api: string, body: unknown, o?: AidgeCallOverrides): Promise<AidgeAnswer> {
    const res = await call(api, body, o)
    return (await res.json()) as AidgeAnswer
  }

  /** Submits and returns the task id (throws when the emulator refused). */
  async function submit(params: Record<string, unknown>, o?: AidgeCallOverrides): Promise<string> {
    const answer = await json(AIDGE_SUBMIT, params, o)
    if (answer.resCode !== 200) throw new Error(`submit refused: ${JSON.stringify(answer)}`)
    return answer.data.taskId as string
  }

  const query = (taskId: string, o?: AidgeCallOverrides) => json(AIDGE_QUERY, { taskId }, o)

  return { clock, emulator, call, json, submit, query }
}

/** The minimal valid submission (the official sample's values). */
export const AIDGE_SAMPLE = {
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
