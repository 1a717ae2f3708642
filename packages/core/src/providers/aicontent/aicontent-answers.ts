/**
 * Reads the answers of the submit and status calls into Jobs: which schema each call's `data`
 * must match, and what the job handle keeps (for `train`, the model id is the job id).
 */
import * as v from 'valibot'
import type { Clock } from '../../clock/clock.js'
import type { HttpResult } from '../../http/http-client.js'
import type { JobHandle } from '../../model/handle.js'
import type { Job } from '../../model/job.js'
import { parseResponse } from '../shared/index.js'
import { readEnvelope } from './aicontent-errors.js'
import { type AicontentSnapshot, buildJob, requireWord } from './aicontent-job.js'
import type { AicontentOperation } from './aicontent-operations.js'
import {
  type InferenceJobData,
  InferenceJobDataSchema,
  TrainJobDataSchema,
  TrainStatusDataSchema,
} from './aicontent-schemas.js'

const PROVIDER = 'aicontent'

/**
 * The envelope of a successful answer and its `data`, validated against `schema`; a mismatch
 * names the field from the root (`data.jobStatus`), as the provider sent it.
 */
export function readData<S extends v.GenericSchema>(
  result: HttpResult,
  call: string,
  schema: S,
): { envelope: unknown; data: v.InferOutput<S> } {
  const envelope = readEnvelope(result, call)
  const parsed = parseResponse(dataEnvelope(schema), envelope, { provider: PROVIDER, call })
  return { envelope, data: parsed.data as v.InferOutput<S> }
}

/** `{ data: schema }` per data schema, built once: a valibot schema per status call cost. */
const dataEnvelopes = new WeakMap<v.GenericSchema, v.GenericSchema<unknown, { data: unknown }>>()

function dataEnvelope(schema: v.GenericSchema): v.GenericSchema<unknown, { data: unknown }> {
  let envelope = dataEnvelopes.get(schema)
  if (!envelope) {
    envelope = v.looseObject({ data: schema })
    dataEnvelopes.set(schema, envelope)
  }
  return envelope
}

function snapshotOf(
  word: string | null | undefined,
  data: {
    jobTrainProgress?: number | null
    createTime?: string | null
    resultImageUrl?: string[] | null
  },
): AicontentSnapshot {
  return {
    word: word ?? null,
    progress: data.jobTrainProgress,
    createTime: data.createTime,
    imageIds: data.resultImageUrl,
  }
}

/** Reads a submit answer: the first snapshot, with the handle every later call needs. */
export function submittedJob(
  op: AicontentOperation,
  operation: string,
  input: unknown,
  result: HttpResult,
  clock: Clock,
  keepRaw: boolean | undefined,
): Job {
  if (op.kind === 'train') {
    const { envelope, data } = readData(result, 'submit', TrainJobDataSchema)
    // The model id is the job's id: the status call and later inference both take it.
    const meta: Record<string, string> = { modelId: data.modelId }
    if (data.id) meta.trainJobId = data.id
    const handle: JobHandle = { provider: PROVIDER, operation, providerJobId: data.modelId, meta }
    return buildJob(handle, clock, snapshotOf(data.jobStatus, data), {
      keep: keepRaw,
      payload: envelope,
    })
  }
  const { envelope, data } = readData(result, 'submit', InferenceJobDataSchema)
  const meta: Record<string, string> = {}
  // Custom-model images are fetched by model and prompt id, so the handle must keep both. A
  // pre-model job's (the service fills them too) serve no call: its images go by image id.
  if (op.kind === 'custom') {
    const modelId = data.modelId ?? (input as { modelId: string }).modelId
    if (modelId) meta.modelId = modelId
    if (data.promptId) meta.promptId = data.promptId
  }
  const handle: JobHandle = {
    provider: PROVIDER,
    operation,
    providerJobId: data.id,
    ...(Object.keys(meta).length > 0 && { meta }),
  }
  const snapshot = { ...snapshotOf(data.jobStatus, data), imageIds: [] }
  return buildJob(handle, clock, snapshot, { keep: keepRaw, payload: envelope })
}

/** Reads a status answer into a snapshot; inference answers also give the data back for images. */
export function statusJob(
  op: AicontentOperation,
  handle: JobHandle,
  result: HttpResult,
  clock: Clock,
  keepRaw: boolean | undefined,
): { job: Job; data: InferenceJobData | null } {
  if (op.kind === 'train') {
    const { envelope, data } = readData(result, 'status', TrainStatusDataSchema)
    const job = buildJob(handle, clock, snapshotOf(data.modelTrainStatus, data), {
      keep: keepRaw,
      payload: envelope,
    })
    return { job, data: null }
  }
  const { envelope, data } = readData(result, 'status', InferenceJobDataSchema)
  const word = requireWord(data.jobStatus, 'status', 'data.jobStatus')
  const job = buildJob(handle, clock, snapshotOf(word, data), { keep: keepRaw, payload: envelope })
  return { job, data }
}
