/**
 * Builds normalized Jobs from `aicontent` data. Inference jobs (custom and pre-model) and
 * training jobs report the same status words, so one builder serves all three operations.
 */
import type { Clock } from '../../clock/clock.js'
import { ResponseValidationError } from '../../errors/index.js'
import type { JobHandle } from '../../model/handle.js'
import type { ImageRef, Job } from '../../model/job.js'
import { mapStatusWord } from '../../spec/status-table.js'
import { baseJob, clampProgress, mimeFromFileName, providerTime } from '../shared/index.js'
import { jobErrorFor } from './aicontent-errors.js'
import { AICONTENT_STATUS_TABLE } from './aicontent-status.js'

/** The fields of a snapshot, whichever call they came from. */
export interface AicontentSnapshot {
  /** The raw status word; null only in a submit answer that omits it. */
  word: string | null
  progress: number | null | undefined
  createTime: string | null | undefined
  /** Image ids (`0000.png`...), for inference jobs. */
  imageIds: readonly string[] | null | undefined
}

/**
 * The image ids worth asking for, in order: blank ones are dropped. The submit documentation's
 * own success example answers `resultImageUrl: [""]`; fetching `""` would ask for no image.
 */
export function imageIdsOf(ids: readonly string[] | null | undefined): {
  ids: string[]
  dropped: number
} {
  const all = ids ?? []
  const real = all.filter((id) => id.trim() !== '')
  return { ids: real, dropped: all.length - real.length }
}

/**
 * Image ids become refs with no URL (the service has none: bytes come from `image()`) and no
 * size (the service does not report one).
 */
function imageRefs(imageIds: readonly string[]): ImageRef[] {
  return imageIds.map((imageId, index) => ({
    index,
    url: null,
    width: null,
    height: null,
    expiresAt: null,
    mimeType: mimeFromFileName(imageId),
  }))
}

/** One snapshot of an `aicontent` job; `raw` is kept only when the caller asked for it. */
export function buildJob(
  handle: JobHandle,
  clock: Clock,
  snapshot: AicontentSnapshot,
  raw?: { keep: boolean | undefined; payload: unknown },
): Job {
  const job = baseJob(handle, clock)
  job.createdAt = providerTime(snapshot.createTime ?? null)
  job.progress = clampProgress(snapshot.progress)
  if (raw?.keep) job.raw = raw.payload
  if (snapshot.word === null) return job

  const mapped = mapStatusWord(AICONTENT_STATUS_TABLE, snapshot.word)
  job.state = mapped.state
  job.providerStatus = snapshot.word
  if (mapped.warning) job.warnings.push(mapped.warning)
  if (mapped.state === 'succeeded') {
    job.progress = 1
    if (handle.operation === 'train') {
      job.message = `Model ${handle.providerJobId} is trained: pass it as modelId to the inference operation.`
    } else {
      const { ids, dropped } = imageIdsOf(snapshot.imageIds)
      job.images = imageRefs(ids)
      if (dropped > 0) job.warnings.push('empty-image-ids-dropped')
      if (job.images.length === 0) job.warnings.push('finished-without-images')
    }
  } else if (mapped.state === 'failed') {
    job.error = jobErrorFor(snapshot.word)
    job.message = job.error?.message ?? null
  }
  return job
}

/** A status call's snapshot must carry a status word; without one the state is unknowable. */
export function requireWord(word: string | null | undefined, call: string, field: string): string {
  if (typeof word === 'string' && word !== '') return word
  throw new ResponseValidationError(
    `aicontent ${call} answered without a status word (${field}); the API may have changed.`,
    { provider: 'aicontent', call, fields: [field] },
  )
}
