/**
 * The Aidge (Alibaba International) Virtual Model Alternation adapter: submit, one query per
 * status(), and image bytes from the task's signed result URLs.
 */
import { systemClock } from '../../clock/clock.js'
import { InvalidInputError, REQUEST_PATHS, ResponseValidationError } from '../../errors/index.js'
import type { HttpResult } from '../../http/http-client.js'
import type { JobHandle } from '../../model/handle.js'
import type { Job } from '../../model/job.js'
import type { CallOptions, ImageBytes, ProviderAdapter } from '../../spec/adapter.js'
import {
  baseJob,
  type CommonAdapterOptions,
  guardSubmit,
  httpClientFor,
  knownOperation,
  normalizeBaseUrl,
  parseInput,
  parseResponse,
  requireCredential,
  sniffImageMimeType,
} from '../shared/index.js'
import { type AidgeAnswer, callError, downloadError, jobError, readAnswer } from './aidge-errors.js'
import {
  AIDGE_OPERATIONS,
  aidgeHandle,
  jobFromQuery,
  VIRTUAL_MODEL,
  virtualModelWireBody,
} from './aidge-operations.js'
import { QueryDataSchema, SubmitDataSchema, VirtualModelInputSchema } from './aidge-schemas.js'
import { AIDGE_API, buildAidgeRequest } from './aidge-signing.js'
import type { AidgeResCodeMapping } from './aidge-status.js'

/** Options of {@link createAidge}. */
export interface AidgeOptions extends CommonAdapterOptions {
  /** The API key name from the Aidge console (the `app_key` query value). */
  accessKeyName: string
  /** The API key secret; it signs every call and is never sent or logged. */
  accessKeySecret: string
  /**
   * Spend the account's free trial quota (`x-iop-trial: true`). Without it an account that has
   * not bought the API gets `quota_exhausted`.
   */
  trial?: boolean | undefined
}

const PROVIDER = 'aidge'
/** The global site's host; China-site accounts pass `https://cn-api.aidc-ai.com`. */
const DEFAULT_BASE_URL = 'https://api.aidc-ai.com'

type Failure = Extract<AidgeAnswer, { ok: false }>

/**
 * Creates the Aidge adapter. Aidge reports no progress, queue position or ETA, so its Jobs
 * carry only the state, message, and once finished the images with their size and expiry.
 */
export function createAidge(options: AidgeOptions): ProviderAdapter {
  const accessKeyName = requireCredential(PROVIDER, 'accessKeyName', options.accessKeyName)
  const accessKeySecret = requireCredential(PROVIDER, 'accessKeySecret', options.accessKeySecret)
  const baseUrl = normalizeBaseUrl(PROVIDER, options.baseUrl ?? DEFAULT_BASE_URL)
  const clock = options.clock ?? systemClock
  const trial = options.trial === true
  const http = httpClientFor(PROVIDER, options, clock, [accessKeySecret])

  async function call(
    name: string,
    apiName: string,
    payload: unknown,
    idempotent: boolean,
    opts: CallOptions,
  ): Promise<{ result: HttpResult; answer: AidgeAnswer }> {
    const body = JSON.stringify(payload)
    const result = await http.send({
      call: name,
      idempotent,
      signal: opts.signal,
      timeoutMs: opts.timeoutMs,
      retries: opts.retries,
      prepare: () =>
        buildAidgeRequest({
          baseUrl,
          apiName,
          accessKeyName,
          accessKeySecret,
          // Providers read the timestamp as whole milliseconds; a virtual clock may be fractional.
          now: Math.floor(clock.now()),
          trial,
          body,
        }),
    })
    return { result, answer: readAnswer(result, name) }
  }

  function checkHandle(handle: JobHandle, call: string): void {
    if (handle.provider !== PROVIDER || handle.operation !== VIRTUAL_MODEL.name) {
      throw new InvalidInputError(
        `aidge ${call}: the handle belongs to ${handle.provider} ${handle.operation}, not aidge virtual-model.`,
        {
          issues: [{ path: REQUEST_PATHS.handle, message: 'not an aidge virtual-model job' }],
          provider: PROVIDER,
          call,
        },
      )
    }
  }

  function failedJob(handle: JobHandle, failure: Failure, mapping: AidgeResCodeMapping): Job {
    const data = failure.data as { taskStatus?: unknown } | null | undefined
    const word = typeof data?.taskStatus === 'string' ? data.taskStatus : null
    return {
      ...baseJob(handle, clock),
      state: 'failed',
      providerStatus: word,
      message: failure.message,
      error: jobError(failure, mapping),
    }
  }

  async function status(handle: JobHandle, opts: CallOptions = {}): Promise<Job> {
    checkHandle(handle, 'status')
    const payload = { taskId: handle.providerJobId }
    const { result, answer } = await call('status', AIDGE_API.query, payload, true, opts)
    let job: Job
    if (!answer.ok) {
      if (answer.mapping?.queryScope !== 'job') throw callError(answer, result, 'status', true)
      job = failedJob(handle, answer, answer.mapping)
    } else {
      const data = parseResponse(QueryDataSchema, answer.data, {
        provider: PROVIDER,
        call: 'status',
      })
      job = jobFromQuery(baseJob(handle, clock), data, 'status')
    }
    if (opts.raw) job.raw = answer.body
    return job
  }

  const adapter: ProviderAdapter = {
    id: PROVIDER,
    operations: AIDGE_OPERATIONS,

    async submit(operation, input, opts = {}) {
      knownOperation(PROVIDER, AIDGE_OPERATIONS, operation)
      const parsed = parseInput(PROVIDER, operation, VirtualModelInputSchema, input)
      const wire = virtualModelWireBody(parsed)
      const { answer, taskId } = await guardSubmit(PROVIDER, async () => {
        const { result, answer } = await call('submit', AIDGE_API.submit, wire, false, opts)
        if (!answer.ok) throw callError(answer, result, 'submit')
        const context = { provider: PROVIDER, call: 'submit' } as const
        const data = parseResponse(SubmitDataSchema, answer.data, context)
        const taskId = data.result?.taskId ?? data.taskId
        if (!taskId) {
          throw new ResponseValidationError(
            'aidge submit answered success without a task id (data.result.taskId or data.taskId); the provider may have changed its API.',
            { provider: PROVIDER, call: 'submit', fields: ['data.taskId'] },
          )
        }
        return { answer, taskId }
      })
      const job = baseJob(aidgeHandle(taskId), clock)
      if (opts.raw) job.raw = answer.body
      return job
    },

    status,

    async image(handle, index, opts = {}): Promise<ImageBytes> {
      checkHandle(handle, 'image')
      // Result URLs expire, so each download asks for the task again rather than trusting an
      // old snapshot's URL.
      const job = await status(handle, { ...opts, raw: false })
      const ref = job.images[index]
      if (job.state !== 'succeeded' || !ref?.url) {
        const why =
          job.state !== 'succeeded'
            ? `the job is ${job.state}; images exist once it has succeeded`
            : `the job has ${job.images.length} image(s), numbered from 0`
        throw new InvalidInputError(`aidge image ${index}: ${why}.`, {
          issues: [{ path: REQUEST_PATHS.index, message: why }],
          provider: PROVIDER,
          call: 'image',
        })
      }
      const url = ref.url
      const result = await http.send({
        call: 'image',
        idempotent: true,
        signal: opts.signal,
        timeoutMs: opts.timeoutMs,
        retries: opts.retries,
        prepare: async () => ({ method: 'GET', url, headers: { accept: 'image/*' } }),
      })
      if (result.status !== 200) throw downloadError(result)
      if (result.body.length === 0) {
        throw new ResponseValidationError('aidge image answered an empty body.', {
          provider: PROVIDER,
          call: 'image',
          fields: ['(body)'],
        })
      }
      const header = result.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase()
      const mimeType =
        (header?.startsWith('image/') ? header : null) ??
        sniffImageMimeType(result.body) ??
        ref.mimeType ??
        'application/octet-stream'
      return { bytes: result.body, mimeType }
    },
  }
  return adapter
}
