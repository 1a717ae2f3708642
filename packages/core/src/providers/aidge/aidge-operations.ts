/**
 * The `virtual-model` operation: its spec, its wire body, and how a query answer becomes a Job.
 */
import { ResponseValidationError } from '../../errors/index.js'
import type { JobHandle } from '../../model/handle.js'
import type { ImageRef, Job } from '../../model/job.js'
import type { OperationSpec } from '../../spec/adapter.js'
import { mapStatusWord } from '../../spec/status-table.js'
import { mimeFromFileName, signedUrlExpiry } from '../shared/index.js'
import type { QueryData, VirtualModelInput } from './aidge-schemas.js'
import { VirtualModelInputSchema } from './aidge-schemas.js'
import { AIDGE_TASK_STATUS } from './aidge-status.js'

/** The one operation Aidge runs. */
export const VIRTUAL_MODEL = {
  name: 'virtual-model',
  label: 'Virtual model',
  description:
    'Dresses a generated model in the garment of a product photo (Aidge Virtual Model Alternation). Images come back at expiring URLs.',
  input: VirtualModelInputSchema,
  capabilities: { progress: false, queuePosition: false, eta: false, imageUrls: true },
  // The emulator's fastest job is a 1 s queue plus a 5 s run; a typical one about 18 s.
  timing: { minMs: 5000, typicalMs: 20_000 },
} as const satisfies OperationSpec

/** The operations' specs, keyed by name: Aidge runs one. */
export const AIDGE_OPERATIONS = {
  [VIRTUAL_MODEL.name]: VIRTUAL_MODEL,
} as const satisfies Readonly<Record<string, OperationSpec>>

/**
 * The flat body with string values, as the official samples send it. Both image fields are
 * sent when both are given: the provider uses the base64 one.
 */
export function virtualModelWireBody(input: VirtualModelInput): Record<string, string> {
  const body: Record<string, string> = {}
  if (input.imageUrl !== undefined) body.imageUrl = input.imageUrl
  if (input.imageBase64 !== undefined) body.imageBase64 = input.imageBase64
  body.imageStyle = input.imageStyle
  body.model = input.model
  if (input.gender !== undefined) body.gender = input.gender
  if (input.age !== undefined) body.age = input.age
  if (input.bgStyle !== undefined) body.bgStyle = input.bgStyle
  if (input.dimension !== undefined) body.dimension = String(input.dimension)
  if (input.count !== undefined) body.count = String(input.count)
  if (input.maskKeepBg !== undefined) body.maskKeepBg = String(input.maskKeepBg)
  return body
}

function positiveInt(value: number | string | null | undefined): number | null {
  const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 ? n : null
}

/** The images of a finished task, in order, from either result shape. */
export function imagesFromResult(result: QueryData['taskResult'], call: string): ImageRef[] {
  const items = result == null ? [] : Array.isArray(result) ? result : [result]
  const images: ImageRef[] = []
  items.forEach((item, i) => {
    const list = item.url ? [item.url] : item.imageUrlList == null ? [] : [item.imageUrlList].flat()
    for (const raw of list) {
      let url: URL
      try {
        url = new URL(raw)
      } catch {
        url = new URL('invalid:')
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new ResponseValidationError(
          `aidge ${call} answered a result image that is not an http(s) URL; the provider's API may have changed.`,
          { provider: 'aidge', call, fields: [`data.taskResult.${i}.url`] },
        )
      }
      images.push({
        index: images.length,
        url: url.toString(),
        width: positiveInt(item.width),
        height: positiveInt(item.height),
        expiresAt: signedUrlExpiry(url),
        mimeType: mimeFromFileName(url.pathname),
      })
    }
  })
  return images
}

/** A Job from a successful query answer's `data`. */
export function jobFromQuery(base: Job, data: QueryData, call: string): Job {
  const word = data.taskStatus
  const mapped = mapStatusWord(AIDGE_TASK_STATUS, word)
  const job: Job = {
    ...base,
    state: mapped.state,
    providerStatus: word,
    message: data.taskMessage ?? null,
    warnings: mapped.warning ? [mapped.warning] : [],
  }
  if (mapped.state === 'succeeded') {
    job.images = imagesFromResult(data.taskResult, call)
    if (job.images.length === 0) {
      throw new ResponseValidationError(
        `aidge ${call} reported the task finished without any result image; the provider's API may have changed.`,
        { provider: 'aidge', call, fields: ['data.taskResult'] },
      )
    }
  }
  if (mapped.state === 'failed' && mapped.error) {
    job.error = {
      ...mapped.error,
      message: data.taskMessage || 'Aidge reports the generation failed without saying why.',
      providerCode: word,
    }
  }
  return job
}

/** A handle for a task id. */
export function aidgeHandle(taskId: string): JobHandle {
  return { provider: 'aidge', operation: VIRTUAL_MODEL.name, providerJobId: taskId }
}
