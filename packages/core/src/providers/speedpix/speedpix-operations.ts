/**
 * SpeedPix operations: their specs, and how progress and result answers become a normalized
 * Job (the wire body is `speedpix-wire-body.ts`'s). Pure functions; the adapter does the calls.
 */

import type { HttpResult } from '../../http/http-client.js'
import type { ImageRef, Job } from '../../model/job.js'
import type { OperationSpec } from '../../spec/adapter.js'
import { clampProgress, parseResponse, signedUrlExpiry } from '../shared/index.js'
import {
  envelopeMessage,
  isEnvelopeFailure,
  jobErrorOf,
  taskEndingCode,
} from './speedpix-errors.js'
import {
  type Envelope,
  Img2imgInputSchema,
  type ProgressData,
  ProgressDataEnvelope,
  type ResultData,
  ResultDataEnvelope,
  Txt2imgInputSchema,
} from './speedpix-schemas.js'
import { mapSpeedpixStatus, type SpeedpixErrorMapping } from './speedpix-status.js'

/** The submit path of each operation. */
export const SUBMIT_PATHS = { txt2img: '/scc/sd_txt2img', img2img: '/scc/sd_img2img' } as const
/** The name of a SpeedPix operation. */
export type SpeedpixOperation = keyof typeof SUBMIT_PATHS

const capabilities = { progress: true, queuePosition: true, eta: true, imageUrls: true }
/**
 * The emulator's fastest default job is 1 s of queue plus 4 s of run; real Stable Diffusion jobs
 * at 20 steps take a few seconds to tens of seconds, typically ~15 s with the queue.
 */
const timing = { minMs: 4000, typicalMs: 15_000 }

/** The operations' specs, keyed by name; their literal types give each operation's input type. */
export const SPEEDPIX_OPERATIONS = {
  txt2img: {
    name: 'txt2img',
    label: 'Text to image',
    description:
      'Generates images from a prompt with Stable Diffusion WebUI (checkpoint, sampler, ControlNet).',
    input: Txt2imgInputSchema,
    capabilities,
    timing,
  },
  img2img: {
    name: 'img2img',
    label: 'Image to image',
    description:
      'Redraws source images guided by a prompt; denoisingStrength sets how far it may depart.',
    input: Img2imgInputSchema,
    capabilities,
    timing,
  },
} as const satisfies Record<SpeedpixOperation, OperationSpec>

/** True for the operations SpeedPix runs. */
export function isSpeedpixOperation(name: string): name is SpeedpixOperation {
  return Object.hasOwn(SUBMIT_PATHS, name)
}

const finiteOrNull = (n: number | null | undefined): number | null =>
  n === null || n === undefined || !Number.isFinite(n) ? null : n

/**
 * The provider's ETA in seconds, or null when it is none. SpeedPix answers `etaRelative: 0` while
 * a task waits (the documentation's own in-queue example): it estimates nothing until the task
 * runs, so 0 or less means "finishes now" only when the word says `running`.
 */
function etaOf(eta: number | null, running: boolean): number | null {
  if (eta === null || eta < 0) return null
  return eta > 0 || running ? eta : null
}

/** Fills a snapshot from a progress answer (state, progress, queue, ETA, message, error). */
export function applyProgress(job: Job, envelope: Envelope, data: ProgressData): Job {
  const word = data.status
  const mapped = mapSpeedpixStatus(word)
  const pending = mapped.state === 'queued' || mapped.state === 'running'
  const steps = finiteOrNull(data.state?.sampling_steps)
  const step = finiteOrNull(data.state?.sampling_step)
  const progress =
    finiteOrNull(data.progress) ?? (steps && step !== null && steps > 0 ? step / steps : null)
  const queue = finiteOrNull(data.lastQueueRemaining)
  const eta = etaOf(finiteOrNull(data.etaRelative), mapped.state === 'running' && !mapped.warning)
  const message = data.message?.trim() || null
  return {
    ...job,
    state: mapped.state,
    providerStatus: word,
    progress: clampProgress(progress),
    queuePosition:
      mapped.state === 'queued' && queue !== null ? Math.max(0, Math.round(queue)) : null,
    etaSeconds: pending ? eta : null,
    etaSource: pending && eta !== null ? 'provider' : null,
    message,
    error:
      mapped.state === 'failed' && mapped.error
        ? jobErrorOf(envelope, mapped.error, message, word)
        : null,
    warnings: mapped.warning ? [...job.warnings, mapped.warning] : job.warnings,
  }
}

/** The image URLs of a result, in order. */
export function imageUrlsOf(data: ResultData): string[] {
  return (data.images ?? []).map((image) => (typeof image === 'string' ? image : image.url))
}

/**
 * Image refs of a result. Sizes come from the echoed `parameters`, else from the handle (the
 * request's own size); the expiry is read from the signed URL (OSS `Expires`, or V4
 * `x-oss-date` + `x-oss-expires`).
 */
export function imagesOf(data: ResultData, meta: Record<string, string> | undefined): ImageRef[] {
  const params = (data.parameters ?? {}) as Record<string, unknown>
  const width = dimension(params.width) ?? dimension(meta?.width)
  const height = dimension(params.height) ?? dimension(meta?.height)
  return imageUrlsOf(data).map((url, index) => ({
    index,
    url,
    width,
    height,
    expiresAt: signedUrlExpiry(url),
    mimeType: 'image/png',
  }))
}

function dimension(value: unknown): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65_535 ? n : null
}

function statusWordOf(data: unknown): string | null {
  const status =
    typeof data === 'object' && data !== null ? (data as { status?: unknown }).status : null
  return typeof status === 'string' ? status : null
}

/**
 * The snapshot a progress answer gives. A failed envelope that still names a task status is the
 * job's outcome (a failed or cancelled task), not a failed call; one without a status is judged
 * by its code (see `taskEndingCode`).
 */
export function progressJob(job: Job, envelope: Envelope, result: HttpResult): Job {
  if (isEnvelopeFailure(envelope) && statusWordOf(envelope.data) === null) {
    return endedByCode(job, envelope, taskEndingCode(envelope, result, 'status'))
  }
  const context = { provider: 'speedpix', call: 'status' } as const
  const data = parseResponse(ProgressDataEnvelope, { data: envelope.data }, context).data
  return applyProgress(job, envelope, data)
}

/** A snapshot ended by a code about the task's end, when no status word said how it ended. */
function endedByCode(job: Job, envelope: Envelope, mapping: SpeedpixErrorMapping): Job {
  const canceled = mapping.code === 'canceled'
  return {
    ...job,
    state: canceled ? 'canceled' : 'failed',
    providerStatus: null,
    queuePosition: null,
    etaSeconds: null,
    etaSource: null,
    images: [],
    message: envelopeMessage(envelope),
    error: canceled ? null : jobErrorOf(envelope, mapping, null, 'failed'),
  }
}

/**
 * Folds the result into a snapshot the progress call called succeeded. A result that disagrees
 * never yields a wrong state: still pending → running (the next poll settles it); failed or
 * cancelled, or a code about the task's end → that outcome; any other failure → thrown.
 */
export function foldResult(
  job: Job,
  meta: Record<string, string> | undefined,
  envelope: Envelope,
  result: HttpResult,
): Job {
  const word = statusWordOf(envelope.data)
  const state = word === null ? null : mapSpeedpixStatus(word).state
  if (isEnvelopeFailure(envelope) && (state === null || state === 'succeeded')) {
    return endedByCode(job, envelope, taskEndingCode(envelope, result, 'result'))
  }
  if (state === 'queued' || state === 'running') {
    return { ...job, state: 'running', warnings: [...job.warnings, `result-not-ready:${word}`] }
  }
  if (word !== null && (state === 'failed' || state === 'canceled')) {
    return applyProgress(job, envelope, { status: word })
  }
  const context = { provider: 'speedpix', call: 'result' } as const
  const data = parseResponse(ResultDataEnvelope, { data: envelope.data }, context).data
  const images = imagesOf(data, meta)
  const warnings = images.length === 0 ? [...job.warnings, 'result-without-images'] : job.warnings
  return { ...job, progress: 1, images, warnings }
}
