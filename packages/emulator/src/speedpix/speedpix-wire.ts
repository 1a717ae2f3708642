/**
 * SpeedPix's answers: the envelope, and the `data` of the progress and result calls, rendered
 * from a simulator snapshot. Status words follow docs/providers.md#speedpix-status-words: submit
 * says `waiting`, progress says `successed`, result says `succeeded`.
 */

import type { JobSnapshot } from '../simulator/job-simulator.js'
import type { SpeedpixParams } from './speedpix-validate.js'

/** What the app keeps per task. */
export interface SpeedpixJobMeta {
  operation: 'txt2img' | 'img2img'
  params: SpeedpixParams
  /** The resource pool it runs on (`X-SP-RESOURCE-CONFIG-ID`'s pick, or `default`). */
  pool: string
  appKey: string
  /** From `[[status-error:<code>]]`: the code its status calls answer while it is pending. */
  statusError: string | null
}

/** A task snapshot as the app sees it. */
export type SpeedpixSnapshot = JobSnapshot<SpeedpixJobMeta>

/** The envelope's error part; all null on success. */
export interface EnvelopeError {
  errCode: string
  errMessage: string
  subErrCode: string | null
  subErrMessage: string | null
}

/** The full envelope: `status` 10 on success, 20 on failure. */
export function envelopeBody(
  apiInvokeId: string,
  now: number,
  data: unknown,
  error: EnvelopeError | null = null,
) {
  return {
    status: error ? 20 : 10,
    apiInvokeId,
    data,
    errCode: error?.errCode ?? null,
    errMessage: error?.errMessage ?? null,
    subErrCode: error?.subErrCode ?? null,
    subErrMessage: error?.subErrMessage ?? null,
    startTime: now,
    endTime: now,
  }
}

/** `INVALID_PARAMETER` with its sub code, for a refused submit, progress or result call. */
export function invalidParameter(subErrCode: string, message: string): EnvelopeError {
  return {
    errCode: 'INVALID_PARAMETER',
    errMessage: 'invalid parameter',
    subErrCode,
    subErrMessage: message,
  }
}

/**
 * The envelope error a pending task's status calls answer under `[[status-error:<code>]]`, or
 * null: an error code of the marker's choosing, with no task status in `data`.
 */
export function statusErrorOf(job: SpeedpixSnapshot): EnvelopeError | null {
  const code = job.meta?.statusError
  if (!code || (job.phase !== 'queued' && job.phase !== 'running')) return null
  return {
    errCode: code,
    errMessage: 'service error',
    subErrCode: null,
    subErrMessage: `the service answered ${code} (a [[status-error]] marker)`,
  }
}

/** The reasons a `[[fail:<value>]]` marker can give, with the service's message for each. */
const FAILURE_MESSAGES: Record<string, string> = {
  SD_WEBUI_ERROR: 'Stable Diffusion WebUI reported an error while sampling',
  GPU_OOM: 'CUDA out of memory: try a smaller size or batch',
  CONTENT_RISK: 'the prompt or an input image did not pass content moderation',
  TASK_TIMEOUT: 'the task exceeded the maximum run time',
}

/** How a failed simulator job ends in SpeedPix's terms. */
export interface Outcome {
  word: 'failed' | 'cancelled' | 'canceled'
  error: EnvelopeError | null
  message: string
}

/**
 * `[[fail:failed]]` fails with `SD_WEBUI_ERROR`; `[[fail:cancelled]]` / `[[fail:canceled]]` end
 * the task with that word (no error: a cancellation is not a failed call); any other value is a
 * failure with that value as `subErrCode` (known ones: `GPU_OOM`, `CONTENT_RISK`, `TASK_TIMEOUT`).
 */
export function outcomeOf(failure: string): Outcome {
  const lower = failure.toLowerCase()
  if (lower === 'cancelled' || lower === 'canceled') {
    return { word: lower, error: null, message: 'task cancelled' }
  }
  const sub = lower === 'failed' ? 'SD_WEBUI_ERROR' : failure
  const message = FAILURE_MESSAGES[sub] ?? `task failed: ${failure}`
  return {
    word: 'failed',
    error: {
      errCode: 'TASK_FAILED',
      errMessage: 'task failed',
      subErrCode: sub,
      subErrMessage: message,
    },
    message,
  }
}

/** `job_timestamp` of SD WebUI: the start time as `yyyyMMddHHmmss`, in the service's UTC+8. */
function jobTimestamp(at: number): string {
  return new Date(at + 8 * 3600_000).toISOString().replace(/\D/g, '').slice(0, 14)
}

/** Progress in whole sampling steps, as SD WebUI reports it. */
function steppedProgress(job: SpeedpixSnapshot, steps: number): number {
  return Math.floor(job.progress * steps) / steps
}

const round2 = (n: number) => Math.round(n * 100) / 100

/** The progress call's `data`, and the envelope error when the task failed. */
export function progressData(job: SpeedpixSnapshot): {
  data: unknown
  error: EnvelopeError | null
} {
  const steps = job.meta?.params.steps ?? 20
  const progress =
    job.phase === 'running' ? steppedProgress(job, steps) : job.phase === 'queued' ? 0 : 1
  const base = {
    taskId: job.id,
    progress,
    lastQueueRemaining: null as number | null,
    etaRelative: null as number | null,
  }
  const state = {
    job: job.phase === 'running' ? `Batch 1 out of 1` : '',
    job_no: job.phase === 'queued' ? 0 : job.phase === 'running' ? 0 : 1,
    job_count: job.phase === 'queued' ? 0 : 1,
    job_timestamp: job.phase === 'queued' ? '0' : jobTimestamp(job.startAt),
    sampling_step: Math.round(progress * steps),
    sampling_steps: steps,
    skipped: false,
    interrupted: false,
  }
  switch (job.phase) {
    case 'queued':
      return {
        data: {
          ...base,
          status: 'waiting',
          lastQueueRemaining: job.queuePosition ?? 0,
          // The documentation's own in-queue example: SpeedPix estimates nothing while a task
          // waits and answers 0; its estimate starts once the task runs.
          etaRelative: 0,
          message: 'waiting in queue',
          state,
        },
        error: null,
      }
    case 'running':
      return {
        data: {
          ...base,
          status: 'running',
          etaRelative: round2(job.etaSeconds ?? 0),
          message: 'sampling',
          state,
        },
        error: null,
      }
    case 'succeeded':
      return {
        data: { ...base, status: 'successed', etaRelative: 0, message: 'success', state },
        error: null,
      }
    case 'failed': {
      const outcome = outcomeOf(job.failure ?? 'failed')
      return {
        data: {
          ...base,
          status: outcome.word,
          message: outcome.message,
          state: { ...state, interrupted: true },
        },
        error: outcome.error,
      }
    }
  }
}

/** The seeds SD WebUI reports: the request's, or one drawn per task, then one per image. */
export function seedsOf(job: SpeedpixSnapshot): number[] {
  const params = job.meta?.params
  const first = params && params.seed !== -1 ? params.seed : job.imageSeed
  return Array.from({ length: job.imageCount }, (_, i) => first + i)
}

/** The result call's `data` for a succeeded task, around already-signed image URLs. */
export function resultData(job: SpeedpixSnapshot, urls: string[]) {
  const params = job.meta?.params
  const seeds = seedsOf(job)
  const info = {
    prompt: params?.prompt ?? '',
    negative_prompt: params?.negtive_prompt ?? '',
    all_seeds: seeds,
    seed: seeds[0],
    width: job.width,
    height: job.height,
    sampler_name: params?.sampler_name,
    cfg_scale: params?.cfg_scale,
    steps: params?.steps,
    batch_size: job.imageCount,
    sd_model_name: params?.stable_diffusion_model ?? 'sd_xl_base_1.0',
    denoising_strength: params?.denoising_strength ?? null,
  }
  // The request as the service understood it, in its wire names, defaults filled in.
  const { controlnet_units: units = [], ...rest } = params ?? ({} as Partial<SpeedpixParams>)
  const parameters = {
    ...rest,
    seed: seeds[0],
    ...(units.length > 0 ? { alwayson_scripts: { controlnet: { units } } } : {}),
  }
  return { images: urls, parameters, info: JSON.stringify(info), status: 'succeeded' }
}
