/**
 * The Aidge Virtual Model Alternation emulator: `POST /rest<apiName>` (the query by GET too)
 * behind the gateway's checks, and `GET /oss/aidge/<taskId>/<n>.png` serving result images at
 * signed, expiring URLs.
 */
import type { Clock } from '@darkroom/core'
import { type Context, Hono } from 'hono'
import { isDroppedConnection } from '../shared/dropped-connection.js'
import { type FaultOptions, faults } from '../shared/faults.js'
import { renderPng } from '../shared/png.js'
import { verifyImageUrl } from '../shared/signed-url.js'
import type { JobSimulator } from '../simulator/job-simulator.js'
import { parseMarkers } from '../simulator/markers.js'
import type { Rng } from '../simulator/rng.js'
import { type AidgeCredentials, aidgeAuth } from './aidge-auth.js'
import {
  businessError,
  ok,
  ossError,
  platformError,
  QUOTA_MESSAGE,
  requestIds,
} from './aidge-envelopes.js'
import { readParams, stripParamMarkers, validateParams } from './aidge-params.js'
import { type AidgeJobMeta, queryAnswer } from './aidge-results.js'

/** Everything the app is built from (see `createAidgeEmulator` for the defaults). */
export interface AidgeAppInput {
  credentials: readonly AidgeCredentials[]
  clock: Clock
  rng: Rng
  simulator: JobSimulator<AidgeJobMeta>
  faults: FaultOptions
  imageUrlTtlMs: number
  imageUrlSecret: string
  /** Submissions allowed per key without / with `x-iop-trial: true`. */
  quota: { paid: number; trial: number }
}

const SUBMIT = '/rest/ai/virtual/model/generation/batch'
const QUERY = '/rest/ai/virtual/model/generation/query'

async function readJson(c: Context): Promise<{ ok: true; body: unknown } | { ok: false }> {
  try {
    return { ok: true, body: JSON.parse(await c.req.text()) as unknown }
  } catch {
    return { ok: false }
  }
}

/** Builds the app. */
export function createAidgeApp(input: AidgeAppInput): Hono {
  const { clock, simulator } = input
  const nextRequestId = requestIds(input.rng.fork('request-ids'))
  const used = new Map<string, { paid: number; trial: number }>()
  const app = new Hono()

  app.use(
    '/rest/*',
    faults({
      rng: input.rng.fork('faults'),
      clock,
      options: input.faults,
      render: {
        serverError: () => businessError(nextRequestId(), 500, 'system error', { status: 500 }),
        rateLimited: () => businessError(nextRequestId(), 501, 'rate limit exceeded'),
      },
    }),
  )
  app.use('/rest/*', aidgeAuth({ credentials: input.credentials, clock, nextRequestId }))

  app.post(SUBMIT, async (c) => {
    const appKey = new URL(c.req.url).searchParams.get('app_key') as string
    const trial = c.req.header('x-iop-trial')?.toLowerCase() === 'true'
    const spent = used.get(appKey) ?? { paid: 0, trial: 0 }
    if (trial ? spent.trial >= input.quota.trial : spent.paid >= input.quota.paid) {
      return platformError(nextRequestId(), 'ResourceExhausted', QUOTA_MESSAGE)
    }
    const json = await readJson(c)
    const read = json.ok
      ? readParams(json.body)
      : { ok: false as const, message: 'request body is not valid JSON' }
    if (!read.ok) return businessError(nextRequestId(), 700, `invalid input: ${read.message}`)
    const valid = validateParams(stripParamMarkers(read.params))
    if (!valid.ok) return businessError(nextRequestId(), 700, valid.message)
    const { dimension, count } = valid.params
    const markers = parseMarkers(read.params)
    const job = simulator.submit({
      markers,
      imageCount: count,
      width: dimension,
      height: Math.round((dimension * 4) / 3),
      meta: { appKey, statusError: markers.statusError },
    })
    if (trial) spent.trial += 1
    else spent.paid += 1
    used.set(appKey, spent)
    // Both places the task id has been documented at, so clients of either keep working.
    return ok(nextRequestId(), { taskId: job.id, result: { taskId: job.id } })
  })

  // The documentation allows GET or POST for the query: by GET the task id is a query parameter.
  app.on(['GET', 'POST'], QUERY, async (c) => {
    const query = new URL(c.req.url).searchParams
    const appKey = query.get('app_key') as string
    let taskId = query.get('taskId') ?? ''
    if (c.req.method === 'POST') {
      const json = await readJson(c)
      const body = json.ok ? (json.body as { taskId?: unknown } | null) : null
      taskId = typeof body?.taskId === 'string' ? body.taskId : ''
    }
    if (!taskId) return businessError(nextRequestId(), 700, 'invalid input: taskId is required')
    const job = simulator.get(taskId)
    if (!job || job.meta?.appKey !== appKey) {
      return businessError(nextRequestId(), 700, 'invalid input: taskId does not exist')
    }
    return queryAnswer(nextRequestId(), job, {
      origin: new URL(c.req.url).origin,
      secret: input.imageUrlSecret,
      ttlMs: input.imageUrlTtlMs,
    })
  })

  app.all('/rest/*', (c) => {
    const api = new URL(c.req.url).pathname.replace(/^\/rest/, '')
    return platformError(nextRequestId(), 'InvalidApi', `${c.req.method} ${api} is not an API`)
  })

  app.get('/oss/aidge/:taskId/:file', async (c) => {
    const verdict = await verifyImageUrl(c.req.url, {
      secret: input.imageUrlSecret,
      now: clock.now(),
    })
    if (verdict === 'bad-signature') {
      return ossError(
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided.',
        nextRequestId(),
      )
    }
    if (verdict === 'expired')
      return ossError(403, 'AccessDenied', 'Request has expired.', nextRequestId())
    const job = simulator.get(c.req.param('taskId'))
    const index = Number(/^(\d{1,3})\.png$/.exec(c.req.param('file'))?.[1] ?? Number.NaN)
    if (job?.phase !== 'succeeded' || !(index < job.imageCount)) {
      return ossError(404, 'NoSuchKey', 'The specified key does not exist.', nextRequestId())
    }
    const png = renderPng({ width: job.width, height: job.height, seed: job.imageSeed, index })
    // renderPng returns a fresh copy backed by a plain ArrayBuffer.
    return new Response(png as Uint8Array<ArrayBuffer>, {
      headers: { 'content-type': 'image/png', 'cache-control': 'private, max-age=3600' },
    })
  })

  app.onError((error, c) => {
    if (isDroppedConnection(error)) throw error
    return c.json(
      {
        requestId: nextRequestId(),
        success: false,
        resCode: 500,
        resMessage: 'system error',
        data: null,
      },
      500,
    )
  })
  return app
}
