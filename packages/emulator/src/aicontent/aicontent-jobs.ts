/**
 * AI Content jobs on top of the shared simulator: what each kind remembers, how a
 * `[[fail:...]]` marker ends it, and the status word and `data` it shows at any instant.
 */
import type { JobSnapshot } from '../simulator/job-simulator.js'
import { createTime, type ErrCode, isErrCode } from './aicontent-wire.js'

/** Custom-model inference, pre-model inference, or model training. */
export type JobKind = 'custom' | 'premodel' | 'train'

/**
 * How a job ends once its run time is over: a status word (terminal or, to simulate a stuck job,
 * not), or an error code its status calls then answer with.
 */
export type Outcome = { word: string } | { errCode: ErrCode } | null

/** What the app keeps per job (the simulator's `meta`). */
export interface JobMeta {
  kind: JobKind
  outcome: Outcome
  /** Inference: the prompt's ids and the image seed chosen for rendering (null: simulator's). */
  modelId?: string
  promptId?: string
  seed?: number | null
  /**
   * The word it waits under: `NOT_START` (seen in the documentation's seed example) for some
   * jobs, `SUBMITTED` at submit then `WAIT_SCHEDULE` for the others. Default `SUBMITTED`.
   */
  firstWord?: 'NOT_START' | 'SUBMITTED'
  /** From `[[status-error:<code>]]`: the `errCode` its status calls answer while pending. */
  statusError?: string | null
  /** Training: what the list call echoes. */
  name?: string
  objectType?: string
  imageUrl?: string[]
  /** A preset model's training job: the model id it serves under (not made from its job id). */
  preset?: string
}

/** A job's snapshot, typed with its meta. */
export type AicontentSnapshot = JobSnapshot<JobMeta>

const WORDS = [
  'NOT_START',
  'SUBMITTED',
  'WAIT_SCHEDULE',
  'INFERRING',
  'TRAINING',
  'FINISHED',
  'INFERRING_TERMINATED',
  'TRAINING_TERMINATED',
  'OOM',
  'TOO_MANY_INFERENCE_REQUESTS',
  'WRONG_IMAGE_URL',
]

/**
 * Reads a `[[fail:...]]` value (case-insensitively): a documented status word or error code is
 * used as is; `FINISHED` means no failure; anything else ends the job with the kind's own
 * "terminated" word, so a marker meant for another provider (`failed`, `1000`) still fails.
 */
export function outcomeOf(marker: string | null, kind: JobKind): Outcome {
  if (marker === null) return null
  const upper = marker.toUpperCase()
  if (upper === 'FINISHED') return null
  if (WORDS.includes(upper)) return { word: upper }
  if (isErrCode(upper)) return { errCode: upper }
  return { word: kind === 'train' ? 'TRAINING_TERMINATED' : 'INFERRING_TERMINATED' }
}

/** The status word a job shows now; null when its status calls answer with an error code. */
export function statusWord(snapshot: AicontentSnapshot): string | null {
  const meta = snapshot.meta
  switch (snapshot.phase) {
    case 'queued':
      return meta?.firstWord === 'NOT_START' ? 'NOT_START' : 'WAIT_SCHEDULE'
    case 'running':
      return meta?.kind === 'train' ? 'TRAINING' : 'INFERRING'
    case 'succeeded':
      return 'FINISHED'
    case 'failed': {
      const outcome = meta?.outcome
      if (outcome && 'errCode' in outcome) return null
      return (
        outcome?.word ?? (meta?.kind === 'train' ? 'TRAINING_TERMINATED' : 'INFERRING_TERMINATED')
      )
    }
  }
}

/** The undocumented code a pending job's status calls answer, under `[[status-error:<code>]]`. */
export function statusErrorNow(snapshot: AicontentSnapshot): string | null {
  const pending = snapshot.phase === 'queued' || snapshot.phase === 'running'
  return (pending && snapshot.meta?.statusError) || null
}

/** The error code a job's calls answer with now, when its marker asked for one. */
export function errCodeNow(snapshot: AicontentSnapshot): ErrCode | null {
  const outcome = snapshot.meta?.outcome
  return snapshot.phase === 'failed' && outcome && 'errCode' in outcome ? outcome.errCode : null
}

/** Image ids once finished: scoped by model and prompt for custom jobs, global for pre-model. */
export function imageIds(snapshot: AicontentSnapshot): string[] {
  if (statusWord(snapshot) !== 'FINISHED' || snapshot.meta?.kind === 'train') return []
  return Array.from({ length: snapshot.imageCount }, (_, i) => imageId(snapshot, i))
}

/** The id of image `index`: `0000.png` for custom jobs, `<jobId>_0000.png` for pre-model ones. */
export function imageId(snapshot: AicontentSnapshot, index: number): string {
  const file = `${String(index).padStart(4, '0')}.png`
  return snapshot.meta?.kind === 'premodel' ? `${snapshot.id}_${file}` : file
}

/** Progress as `jobTrainProgress` reports it (0..1, two decimals). */
function progressOf(snapshot: AicontentSnapshot): number {
  return Math.round(snapshot.progress * 100) / 100
}

/** `data` of an inference job, as submit and the job-info calls answer it. */
export function inferenceData(snapshot: AicontentSnapshot, word: string | null): object {
  const ids = imageIds(snapshot)
  return {
    id: snapshot.id,
    promptId: snapshot.meta?.promptId ?? null,
    modelId: snapshot.meta?.modelId ?? null,
    jobStatus: word,
    jobTrainProgress: progressOf(snapshot),
    // The documentation's own success example: a job without images yet answers [""] (as an
    // empty comma list split would), so clients must drop empty ids.
    resultImageUrl: ids.length > 0 ? ids : [''],
    createTime: createTime(snapshot.submittedAt),
  }
}

/** `data` of a training job, as its submit and the model list answer it. */
export function trainData(
  snapshot: AicontentSnapshot,
  modelId: string,
  word: string | null,
  inferenceJobs: AicontentSnapshot[],
): object {
  const images = inferenceJobs.reduce((sum, job) => sum + imageIds(job).length, 0)
  return {
    id: snapshot.id,
    modelId,
    name: snapshot.meta?.name ?? null,
    objectType: snapshot.meta?.objectType ?? null,
    imageUrl: snapshot.meta?.imageUrl ?? [],
    jobStatus: word,
    jobTrainProgress: progressOf(snapshot),
    inferenceImageCount: images,
    inferenceJobList: inferenceJobs.map((job) => inferenceData(job, statusWord(job))),
    createTime: createTime(snapshot.submittedAt),
  }
}
