/**
 * The `aicontent` adapter: Alibaba Cloud AI Content, personalized text-to-image. Single steps
 * only (submit, one status call, one image fetch); the polling engine decides when to call again.
 */
import { type Clock, systemClock } from '../../clock/clock.js'
import {
  InvalidHandleError,
  InvalidInputError,
  REQUEST_PATHS,
  ResponseValidationError,
} from '../../errors/index.js'
import type { JobHandle } from '../../model/handle.js'
import type { Job } from '../../model/job.js'
import type { CallOptions, ImageBytes, ProviderAdapter } from '../../spec/adapter.js'
import {
  type CommonAdapterOptions,
  guardSubmit,
  httpClientFor,
  knownOperation,
  normalizeBaseUrl,
  parseInput,
  requireCredential,
} from '../shared/index.js'
import { statusJob, submittedJob } from './aicontent-answers.js'
import { decodeImageAsset } from './aicontent-image.js'
import { imageIdsOf } from './aicontent-job.js'
import {
  AICONTENT_OPERATION_SPECS,
  AICONTENT_OPERATIONS,
  type AicontentOperation,
  imageCall,
} from './aicontent-operations.js'
import {
  AICONTENT_DEFAULT_BASE_URL,
  type AicontentCall,
  type AicontentSigner,
  signedRequest,
} from './aicontent-signing.js'

/** Options of {@link createAicontent}: an AccessKey pair plus the options every adapter takes. */
export interface AicontentOptions extends CommonAdapterOptions {
  /** AccessKey id of a RAM user allowed to call AI Content. */
  accessKeyId: string
  /** Its secret: used only to sign requests, never sent, never in an error message. */
  accessKeySecret: string
}

const PROVIDER = 'aicontent'

/**
 * Creates the adapter. `baseUrl` defaults to the real host (`https://aicontent.aliyuncs.com`);
 * point it, with `fetch`, at the emulator for tests and demos.
 */
export function createAicontent(options: AicontentOptions): ProviderAdapter {
  const clock: Clock = options.clock ?? systemClock
  const signer: AicontentSigner = {
    baseUrl: normalizeBaseUrl(PROVIDER, options.baseUrl ?? AICONTENT_DEFAULT_BASE_URL),
    credentials: {
      accessKeyId: requireCredential(PROVIDER, 'accessKeyId', options.accessKeyId),
      accessKeySecret: requireCredential(PROVIDER, 'accessKeySecret', options.accessKeySecret),
    },
    clock,
  }
  const http = httpClientFor(PROVIDER, options, clock, [signer.credentials.accessKeySecret])

  function send(name: string, call: AicontentCall, idempotent: boolean, opts: CallOptions = {}) {
    return http.send({
      call: name,
      idempotent,
      prepare: () => signedRequest(call, signer),
      signal: opts.signal,
      timeoutMs: opts.timeoutMs,
      retries: opts.retries,
    })
  }

  function operationOf(handle: JobHandle): AicontentOperation {
    // An own key of the table is one of its keys.
    const op = Object.hasOwn(AICONTENT_OPERATIONS, handle.operation)
      ? AICONTENT_OPERATIONS[handle.operation as keyof typeof AICONTENT_OPERATIONS]
      : undefined
    if (handle.provider !== PROVIDER || !op) {
      throw new InvalidHandleError(
        `The handle is for ${handle.provider} ${handle.operation}, not an aicontent operation (${Object.keys(AICONTENT_OPERATIONS).join(', ')}).`,
      )
    }
    return op
  }

  async function submit(operation: string, input: unknown, opts: CallOptions = {}): Promise<Job> {
    const op = knownOperation(PROVIDER, AICONTENT_OPERATIONS, operation).entry
    const parsed = parseInput(PROVIDER, operation, op.spec.input, input)
    return guardSubmit(PROVIDER, async () => {
      const result = await send('submit', op.submitCall(parsed), false, opts)
      return submittedJob(op, operation, parsed, result, clock, opts.raw)
    })
  }

  async function status(handle: JobHandle, opts: CallOptions = {}): Promise<Job> {
    const op = operationOf(handle)
    const result = await send('status', op.statusCall(handle), true, opts)
    return statusJob(op, handle, result, clock, opts.raw).job
  }

  async function image(
    handle: JobHandle,
    index: number,
    opts: CallOptions = {},
  ): Promise<ImageBytes> {
    const op = operationOf(handle)
    if (op.kind === 'train') {
      throw new InvalidInputError(
        'An aicontent train job produces a model, not images: pass its id as modelId to inference.',
        {
          issues: [{ path: REQUEST_PATHS.index, message: 'train jobs have no images' }],
          provider: PROVIDER,
        },
      )
    }
    // Image ids are only known from the job's info, so this is one status call first.
    const result = await send('status', op.statusCall(handle), true, opts)
    const { job, data } = statusJob(op, handle, result, clock, false)
    const imageId = imageIdsOf(data?.resultImageUrl).ids[index]
    if (job.state !== 'succeeded' || imageId === undefined || !Number.isInteger(index)) {
      const why =
        job.state !== 'succeeded'
          ? `the job is ${job.state} (${job.providerStatus}); images exist once it has succeeded`
          : `the job has ${job.images.length} image(s), indexed from 0`
      throw new InvalidInputError(
        `No aicontent image ${index} for job ${handle.providerJobId}: ${why}.`,
        {
          issues: [{ path: REQUEST_PATHS.index, message: why }],
          provider: PROVIDER,
          call: 'image',
        },
      )
    }
    let ids: { modelId: string; promptId: string } | null = null
    if (op.kind === 'custom') {
      const modelId = handle.meta?.modelId ?? data?.modelId
      const promptId = handle.meta?.promptId ?? data?.promptId
      if (!modelId || !promptId) {
        throw new ResponseValidationError(
          'aicontent status gave no modelId and promptId, which custom-model images are fetched by.',
          {
            provider: PROVIDER,
            call: 'status',
            fields: [modelId ? 'data.promptId' : 'data.modelId'],
          },
        )
      }
      ids = { modelId, promptId }
    }
    const asset = await send('image', imageCall(imageId, ids), true, opts)
    return decodeImageAsset(asset, 'image')
  }

  return { id: PROVIDER, operations: AICONTENT_OPERATION_SPECS, submit, status, image }
}
