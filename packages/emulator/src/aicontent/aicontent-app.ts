/**
 * The AI Content emulator's Hono app: the gateway (routing by path, action and version, then the
 * ACS3 signature checks) in front of the nine service calls of
 * docs/providers.md#aicontent-calls.
 */
import type { Clock } from '@darkroom/core'
import { type Context, Hono } from 'hono'
import { bytesToBase64 } from '../shared/base64.js'
import { isDroppedConnection } from '../shared/dropped-connection.js'
import { type FaultOptions, faults } from '../shared/faults.js'
import { createNonceCache } from '../shared/nonce-cache.js'
import { renderPng } from '../shared/png.js'
import type { Distribution } from '../simulator/distributions.js'
import { parseMarkers } from '../simulator/markers.js'
import type { Rng } from '../simulator/rng.js'
import { type AicontentCredentials, acs3Auth } from './aicontent-auth.js'
import {
  type AicontentSnapshot,
  errCodeNow,
  imageIds,
  inferenceData,
  type JobKind,
  outcomeOf,
  statusErrorNow,
  statusWord,
  trainData,
} from './aicontent-jobs.js'
import { modelIdOf, type Registry } from './aicontent-registry.js'
import { checkInference, checkPreModel, checkTrain } from './aicontent-validate.js'
import {
  API_VERSION,
  errEnvelope,
  gatewayError,
  okEnvelope,
  PATH_PREFIX,
  ROUTES,
  requestIdFrom,
  undocumentedEnvelope,
} from './aicontent-wire.js'

/** What the app is built from (see `createAicontentEmulator`). */
export interface AicontentAppInput {
  clock: Clock
  rng: Rng
  credentials: AicontentCredentials
  registry: Registry
  faults: FaultOptions
  trainRunTime: Distribution
}

/** A URL whose scheme the service could download from; any other ends the job WRONG_IMAGE_URL. */
const fetchable = (url: string) => /^https?:\/\/[^\s/]+/i.test(url)

/** Builds the app. */
export function createAicontentApp(input: AicontentAppInput): Hono {
  const { clock, registry } = input
  const requestRng = input.rng.fork('aicontent:request-ids')
  const rid = () => requestIdFrom(requestRng)
  // Both documented success forms (errCode "UNKNOWN_ERROR" or null) and both waiting words
  // (NOT_START or SUBMITTED), drawn from the seed so a run replays.
  const envelopes = input.rng.fork('aicontent:envelopes')
  const firstWords = input.rng.fork('aicontent:first-words')
  const ok = (c: Context, data: unknown) => okEnvelope(c, rid(), data, envelopes.next() < 0.5)
  const app = new Hono()

  app.use(
    '*',
    faults({
      rng: input.rng.fork('aicontent:faults'),
      clock,
      options: input.faults,
      render: {
        serverError: (c) => errEnvelope(c, rid(), 'UNKNOWN_ERROR'),
        rateLimited: (c) => gatewayError(c, rid(), 'Throttling.User'),
      },
    }),
  )
  // The gateway finds the API by method and path, then checks that the action names it.
  app.use('*', async (c, next) => {
    const path = new URL(c.req.url).pathname
    const name = path.startsWith(PATH_PREFIX) ? path.slice(PATH_PREFIX.length) : ''
    const route = Object.hasOwn(ROUTES, name) ? ROUTES[name] : undefined
    if (!route || route.method !== c.req.method || c.req.header('x-acs-action') !== route.action) {
      return gatewayError(c, rid(), 'InvalidAction.NotFound')
    }
    if (c.req.header('x-acs-version') !== API_VERSION)
      return gatewayError(c, rid(), 'InvalidVersion')
    await next()
  })
  app.use(
    '*',
    acs3Auth({
      clock,
      credentials: input.credentials,
      nonces: createNonceCache({ clock }),
      requestId: rid,
    }),
  )
  app.onError((error, c) => {
    if (isDroppedConnection(error)) throw error
    return errEnvelope(c, rid(), 'UNKNOWN_ERROR')
  })

  const base = app.basePath(PATH_PREFIX)
  const missing = (c: Context, detail: string) =>
    errEnvelope(c, rid(), 'B_PARAMETER_NOT_FOUND_EXCEPTION', detail)

  /**
   * Markers end a job with a word or code; unusable image URLs end it WRONG_IMAGE_URL. The word
   * it waits under is drawn here, once per job.
   */
  const outcome = (kind: JobKind, markerSources: string[], urls: string[] = []) => {
    const markers = parseMarkers(...markerSources)
    const fail = markers.fail ?? (urls.every(fetchable) ? null : 'WRONG_IMAGE_URL')
    const firstWord = firstWords.next() < 0.5 ? ('NOT_START' as const) : ('SUBMITTED' as const)
    return { markers, outcome: outcomeOf(fail, kind), firstWord }
  }

  base.post('/addInferenceJob', async (c) => {
    const checked = checkInference(await c.req.text())
    if (!checked.ok) return missing(c, checked.detail)
    const { modelId = '', prompt, imageNumber, seed } = checked.value
    if (!registry.model(modelId)) {
      return errEnvelope(c, rid(), 'B_MODEL_TRAIN_JOB_NOT_EXIST', `modelId ${modelId}`)
    }
    if (!registry.ready(modelId)) {
      return errEnvelope(c, rid(), 'B_MODEL_TRAIN_JOB_NOT_EXIST', `model ${modelId} is not trained`)
    }
    const job = registry.submit({
      kind: 'custom',
      ...outcome('custom', [prompt]),
      imageCount: imageNumber,
      meta: { modelId, seed },
    })
    return ok(c, inferenceData(job, job.meta?.firstWord ?? 'SUBMITTED'))
  })

  base.post('/addPreModelInferenceJob', async (c) => {
    const checked = checkPreModel(await c.req.text())
    if (!checked.ok) return missing(c, checked.detail)
    const { prompt, imageNumber, seed, imageUrl = [] } = checked.value
    const job = registry.submit({
      kind: 'premodel',
      ...outcome('premodel', [prompt], imageUrl),
      imageCount: imageNumber,
      meta: { seed },
    })
    return ok(c, inferenceData(job, job.meta?.firstWord ?? 'SUBMITTED'))
  })

  base.post('/addModelTrainJob', async (c) => {
    const checked = checkTrain(await c.req.text())
    if (!checked.ok) return missing(c, checked.detail)
    const { name, objectType, imageUrl } = checked.value
    const job = registry.submit({
      kind: 'train',
      ...outcome('train', [name, objectType], imageUrl),
      imageCount: 0,
      meta: { name, objectType, imageUrl },
      runTime: input.trainRunTime,
    })
    return ok(c, trainData(job, modelIdOf(job.id), job.meta?.firstWord ?? 'SUBMITTED', []))
  })

  /** Answers a job-info call: the job's data, or the error code its marker asked for. */
  const jobInfo = (c: Context, kind: JobKind) => {
    const id = c.req.query('inferenceJobId')
    if (!id) return missing(c, 'inferenceJobId')
    const job = registry.job(kind, id)
    if (!job) return errEnvelope(c, rid(), 'B_DATA_NOT_FOUND_EXCEPTION', `inferenceJobId ${id}`)
    const marked = statusErrorNow(job)
    if (marked) return undocumentedEnvelope(c, rid(), marked)
    const errCode = errCodeNow(job)
    if (errCode) return errEnvelope(c, rid(), errCode)
    return ok(c, inferenceData(job, statusWord(job)))
  }
  base.get('/queryInferenceJobInfo', (c) => jobInfo(c, 'custom'))
  base.get('/queryPreModelInferenceJobInfo', (c) => jobInfo(c, 'premodel'))

  base.get('/queryModelTrainStatus', (c) => {
    const modelId = c.req.query('modelId')
    if (!modelId) return missing(c, 'modelId')
    const job = registry.model(modelId)
    if (!job) return errEnvelope(c, rid(), 'B_MODEL_TRAIN_JOB_NOT_EXIST', `modelId ${modelId}`)
    const marked = statusErrorNow(job)
    if (marked) return undocumentedEnvelope(c, rid(), marked)
    const errCode = errCodeNow(job)
    if (errCode) return errEnvelope(c, rid(), errCode)
    return ok(c, { modelTrainStatus: statusWord(job) })
  })

  base.get('/queryModelTrainJobList', (c) =>
    okEnvelope(
      c,
      rid(),
      registry
        .models()
        .map(({ modelId, job }) =>
          trainData(job, modelId, statusWord(job), registry.inferencesOf(modelId)),
        ),
    ),
  )

  /** Serves one image: base64 in a JSON string when asked (as the SDK reads it), else PNG bytes. */
  const serveImage = (c: Context, job: AicontentSnapshot | undefined, imageId: string) => {
    if (!job) return errEnvelope(c, rid(), 'B_DATA_NOT_FOUND_EXCEPTION', `imageId ${imageId}`)
    const errCode = errCodeNow(job)
    if (errCode) return errEnvelope(c, rid(), errCode)
    const index = imageIds(job).indexOf(imageId)
    if (index < 0) return errEnvelope(c, rid(), 'B_DATA_NOT_FOUND_EXCEPTION', `imageId ${imageId}`)
    const format = c.req.query('encodeFormat')
    if (format !== undefined && format !== 'base64')
      return missing(c, 'encodeFormat must be base64')
    const seed = job.meta?.seed ?? job.imageSeed
    const png = renderPng({ width: job.width, height: job.height, seed, index })
    if (format === 'base64') return c.json(bytesToBase64(png))
    return c.body(new Uint8Array(png), 200, { 'content-type': 'image/png' })
  }

  base.get('/queryImageAsset', (c) => {
    const { modelId, promptId, imageId } = c.req.query()
    if (!modelId || !promptId || !imageId) return missing(c, 'modelId, promptId and imageId')
    return serveImage(c, registry.prompt(modelId, promptId), imageId)
  })

  base.get('/queryImageAssetFromImageId', (c) => {
    const imageId = c.req.query('imageId')
    if (!imageId) return missing(c, 'imageId')
    const jobId = /^(.+)_\d{4}\.png$/.exec(imageId)?.[1]
    return serveImage(c, jobId ? registry.job('premodel', jobId) : undefined, imageId)
  })

  return app
}
