/**
 * The SpeedPix emulator's Hono app: API Gateway in front (request ids, faults, signature check),
 * the four `/scc/*` calls behind it, and an OSS-like host for the result images.
 */

import type { Clock } from '@darkroom/core'
import { type Context, Hono } from 'hono'
import { isDroppedConnection } from '../shared/dropped-connection.js'
import { type FaultOptions, faults } from '../shared/faults.js'
import type { NonceCache } from '../shared/nonce-cache.js'
import type { JobSimulator } from '../simulator/job-simulator.js'
import { parseMarkers } from '../simulator/markers.js'
import type { Rng } from '../simulator/rng.js'
import { apiGatewayAuth, type SpeedpixCredentials } from './speedpix-auth.js'
import { GATEWAY, refuse, type SpeedpixEnv, speedpixFaults, uuidFrom } from './speedpix-gateway.js'
import { createImageHost, type ImageHostOptions } from './speedpix-images.js'
import { readTaskId, validateSubmit } from './speedpix-validate.js'
import {
  type EnvelopeError,
  envelopeBody,
  invalidParameter,
  outcomeOf,
  progressData,
  resultData,
  type SpeedpixJobMeta,
  type SpeedpixSnapshot,
  statusErrorOf,
} from './speedpix-wire.js'

/** Everything the app is built from; `createSpeedpixEmulator` assembles it from options. */
export interface SpeedpixAppParts {
  clock: Clock
  rng: Rng
  simulator: JobSimulator<SpeedpixJobMeta>
  credentials: readonly SpeedpixCredentials[]
  nonces: NonceCache
  faults: FaultOptions
  images: Omit<ImageHostOptions, 'clock' | 'simulator'>
  /** The account's resource pools besides `default`; null: every well-formed id names one. */
  resourcePools: ReadonlySet<string> | null
}

const SUBMIT = { '/scc/sd_txt2img': 'txt2img', '/scc/sd_img2img': 'img2img' } as const
const CALLS = new Set([...Object.keys(SUBMIT), '/scc/sd_get_progress', '/scc/sd_get_result'])
/** Resource pool ids as the console prints them; anything else names no pool. */
const RESOURCE_CONFIG_ID = /^[\w.-]{1,64}$/

/**
 * The pool a `X-SP-RESOURCE-CONFIG-ID` header picks: its value is a comma list tried in order
 * (`a,b,default`), and the first pool that exists wins. No header, or only blanks: `default`;
 * no pool of the list exists: null.
 */
export function pickPool(header: string | undefined, pools: ReadonlySet<string> | null) {
  const ids = (header ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean)
  if (ids.length === 0) return 'default'
  const exists = (id: string) =>
    id === 'default' || (RESOURCE_CONFIG_ID.test(id) && (pools === null || pools.has(id)))
  return ids.find(exists) ?? null
}

/** Builds the app. */
export function createSpeedpixApp(parts: SpeedpixAppParts): Hono<SpeedpixEnv> {
  const { clock, simulator } = parts
  const requestIds = parts.rng.fork('speedpix:request-ids')
  const invokeIds = parts.rng.fork('speedpix:invoke-ids')
  const host = createImageHost({ ...parts.images, clock, simulator })
  const app = new Hono<SpeedpixEnv>()

  const answer = (c: Context, data: unknown, error: EnvelopeError | null = null) =>
    c.json(envelopeBody(uuidFrom(invokeIds, false), clock.now(), data, error), 200)

  app.use('/scc/*', async (c, next) => {
    c.header('X-Ca-Request-Id', uuidFrom(requestIds, true))
    if (c.req.method !== 'POST' || !CALLS.has(c.req.path)) return refuse(c, GATEWAY.apiNotFound)
    await next()
  })
  app.use(
    '/scc/*',
    faults({
      rng: parts.rng.fork('speedpix:faults'),
      clock,
      options: parts.faults,
      render: speedpixFaults,
    }),
  )
  app.use('/scc/*', apiGatewayAuth({ credentials: parts.credentials, clock, nonces: parts.nonces }))

  for (const [path, operation] of Object.entries(SUBMIT)) {
    app.post(path, (c) => {
      const body = parseJson(c.var.body)
      const checked = validateSubmit(operation, body)
      if (!checked.ok) {
        return answer(
          c,
          null,
          invalidParameter(checked.problem.subErrCode, checked.problem.message),
        )
      }
      const header = c.req.header('X-SP-RESOURCE-CONFIG-ID')
      const pool = pickPool(header, parts.resourcePools)
      if (pool === null) {
        return answer(c, null, {
          errCode: 'RESOURCE_CONFIG_NOT_FOUND',
          errMessage: 'resource config not found',
          subErrCode: null,
          subErrMessage: `no resource pool among "${(header ?? '').slice(0, 200)}" in this account`,
        })
      }
      const { params } = checked
      const markers = parseMarkers(params.prompt, params.negtive_prompt)
      const job = simulator.submit({
        markers,
        imageCount: params.batch_size,
        width: params.width,
        height: params.height,
        meta: { operation, params, pool, appKey: c.var.appKey, statusError: markers.statusError },
      })
      return answer(c, { taskId: job.id, status: job.phase === 'queued' ? 'waiting' : 'running' })
    })
  }

  /** The caller's task, or the envelope answer refusing the call (or a marker's error). */
  function taskOf(c: Context<SpeedpixEnv>): SpeedpixSnapshot | Response {
    const read = readTaskId(parseJson(c.var.body))
    if (!read.ok)
      return answer(c, null, invalidParameter(read.problem.subErrCode, read.problem.message))
    const job = simulator.get(read.taskId)
    // Another application's task is as unknown as a made-up id.
    if (!job || job.meta?.appKey !== c.var.appKey) {
      return answer(c, null, {
        errCode: 'TASK_NOT_FOUND',
        errMessage: 'task not found',
        subErrCode: null,
        subErrMessage: `no task ${read.taskId.slice(0, 64)}`,
      })
    }
    const marked = statusErrorOf(job)
    return marked ? answer(c, null, marked) : job
  }

  app.post('/scc/sd_get_progress', (c) => {
    const job = taskOf(c)
    if (job instanceof Response) return job
    const { data, error } = progressData(job)
    return answer(c, data, error)
  })

  app.post('/scc/sd_get_result', async (c) => {
    const job = taskOf(c)
    if (job instanceof Response) return job
    if (job.phase === 'succeeded') {
      const urls = await host.urlsFor(job.id, job.imageCount, c.req.url)
      return answer(c, resultData(job, urls))
    }
    if (job.phase === 'failed') {
      const outcome = outcomeOf(job.failure ?? 'failed')
      return answer(
        c,
        { taskId: job.id, status: outcome.word },
        outcome.error ?? {
          errCode: 'TASK_CANCELLED',
          errMessage: 'task cancelled',
          subErrCode: null,
          subErrMessage: outcome.message,
        },
      )
    }
    return answer(
      c,
      { taskId: job.id, status: job.phase === 'queued' ? 'waiting' : 'running' },
      {
        errCode: 'TASK_NOT_FINISHED',
        errMessage: 'task not finished',
        subErrCode: null,
        subErrMessage: 'the task has not finished yet; poll sd_get_progress',
      },
    )
  })

  app.get('/images/:taskId/:file', (c) => host.serve(c))

  app.onError((error, c) => {
    if (isDroppedConnection(error)) throw error
    return refuse(c, GATEWAY.internal)
  })
  return app
}

/** The body as JSON, or undefined when it is not JSON (reported as a malformed body). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
