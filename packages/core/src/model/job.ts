import * as v from 'valibot'
import type { ProviderId as CatalogProviderId } from '../providers/catalog.js'

/** A provider's id, from the provider catalogue (`providers/catalog.ts`). */
export type ProviderId = CatalogProviderId

/**
 * A provider id on the wire: the shape of an id (lowercase letters, digits, dashes), not the
 * membership of this version's catalogue. The model stays free of the adapters (the remote
 * client's bundle holds no provider code), and a client keeps reading jobs of a provider added to
 * a newer gateway. Where a provider must be known (a submit, a handle to run), the catalogue's
 * `isProviderId` decides.
 */
export const ProviderIdSchema = v.custom<ProviderId>(
  (value) => typeof value === 'string' && /^[a-z][a-z0-9-]{0,31}$/.test(value),
  'must be a provider id (lowercase letters, digits and dashes), e.g. "speedpix"',
)

/** Where a job is in its life. `succeeded`, `failed` and `canceled` are terminal. */
export const JobStateSchema = v.picklist(['queued', 'running', 'succeeded', 'failed', 'canceled'])
/** Where a job is in its life. `succeeded`, `failed` and `canceled` are terminal. */
export type JobState = v.InferOutput<typeof JobStateSchema>

/** True for the states a job never leaves. */
export function isTerminalState(state: JobState): boolean {
  return state === 'succeeded' || state === 'failed' || state === 'canceled'
}

/**
 * The normalized reasons a call or a job can fail, the same for every provider.
 * `submit_outcome_unknown`: a submit got no answer, or one that cannot be read, after the
 * provider may have created the job; submitting again may create a second, paid job.
 */
export const ErrorCodeSchema = v.picklist([
  'invalid_input',
  'unauthorized',
  'forbidden',
  'not_found',
  'rate_limited',
  'quota_exhausted',
  'content_rejected',
  'out_of_resources',
  'provider_error',
  'unexpected_response',
  'network',
  'timeout',
  'canceled',
  'submit_outcome_unknown',
])
/** The normalized reasons a call or a job can fail, the same for every provider. */
export type ErrorCode = v.InferOutput<typeof ErrorCodeSchema>

const isoDate = v.pipe(v.string(), v.isoTimestamp('must be an ISO 8601 timestamp'))

/** One generated image. Bytes always come from the adapter's `image()`, never from `url` alone. */
export const ImageRefSchema = v.object({
  /** Position in the job's result, from 0. */
  index: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** A fetchable URL, or null where the provider gives ids instead (aicontent). May expire. */
  url: v.nullable(v.string()),
  width: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1))),
  height: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1))),
  /** When `url` stops working, when known. */
  expiresAt: v.nullable(isoDate),
  mimeType: v.nullable(v.string()),
})
/** One generated image. Bytes always come from the adapter's `image()`, never from `url` alone. */
export type ImageRef = v.InferOutput<typeof ImageRefSchema>

/** Why a job failed, normalized, with the provider's own code kept for support tickets. */
export const JobErrorSchema = v.object({
  code: ErrorCodeSchema,
  message: v.string(),
  /** Whether submitting the same input again may succeed. */
  retryable: v.boolean(),
  providerCode: v.nullable(v.string()),
})
/** Why a job failed, normalized, with the provider's own code kept for support tickets. */
export type JobError = v.InferOutput<typeof JobErrorSchema>

/** One snapshot of a job, the same shape for every provider. */
export const JobSchema = v.object({
  /** Opaque. From core: `encodeHandle(handle)`; from the gateway: a signed token. */
  id: v.pipe(v.string(), v.minLength(1)),
  provider: ProviderIdSchema,
  /** The operation's name, e.g. `inference`, `txt2img`, `virtual-model`. */
  operation: v.pipe(v.string(), v.minLength(1)),
  providerJobId: v.pipe(v.string(), v.minLength(1)),
  state: JobStateSchema,
  /** The provider's raw status word, e.g. `WAIT_SCHEDULE`, `successed`. */
  providerStatus: v.nullable(v.string()),
  /** 0..1, never decreasing within one watch. */
  progress: v.nullable(v.pipe(v.number(), v.minValue(0), v.maxValue(1))),
  /** Jobs ahead of this one, when the provider says. */
  queuePosition: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0))),
  /** Seconds until done: the provider's estimate, or ours (see `etaSource`). */
  etaSeconds: v.nullable(v.pipe(v.number(), v.minValue(0))),
  etaSource: v.nullable(v.picklist(['provider', 'estimated'])),
  message: v.nullable(v.string()),
  /** Filled when `state` is `succeeded`. */
  images: v.array(ImageRefSchema),
  /** Filled when `state` is `failed`. */
  error: v.nullable(JobErrorSchema),
  /** When the provider created the job, when it says. */
  createdAt: v.nullable(isoDate),
  /** When this snapshot was taken. */
  observedAt: isoDate,
  /** Non-fatal oddities, e.g. `unrecognized-status:FOO`. */
  warnings: v.array(v.string()),
  /** The provider's own payload, when asked for. */
  raw: v.optional(v.unknown()),
})
/** One snapshot of a job, the same shape for every provider. */
export type Job = v.InferOutput<typeof JobSchema>
