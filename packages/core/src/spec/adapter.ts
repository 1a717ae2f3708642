import type * as v from 'valibot'
import type { JobHandle } from '../model/handle.js'
import type { Job, ProviderId } from '../model/job.js'

/** Options every single provider call takes. */
export interface CallOptions {
  /** Aborts the call; the promise rejects with a `DarkroomAbortError`. */
  signal?: AbortSignal | undefined
  /** Gives up on one HTTP attempt after this many milliseconds (`DarkroomTimeoutError`). */
  timeoutMs?: number | undefined
  /** Keep the provider's own payload in `Job.raw` (off by default: it can be large). */
  raw?: boolean | undefined
  /**
   * Extra attempts after a transient failure (network, 5xx, 429) of an idempotent call; the
   * HTTP client's default when absent. The polling engine passes 0: it owns retries between
   * polls, so its request budget counts every request. Submits are never retried.
   */
  retries?: number | undefined
}

/** Image bytes as served by the provider, with the MIME type they really have. */
export interface ImageBytes {
  bytes: Uint8Array
  mimeType: string
}

/** What a provider tells us while a job runs, so callers know what to show. */
export interface OperationCapabilities {
  /** The provider reports progress (0..1). */
  progress: boolean
  /** The provider reports how many jobs are ahead. */
  queuePosition: boolean
  /** The provider reports its own ETA. */
  eta: boolean
  /** Images come with a fetchable (expiring) URL rather than only ids. */
  imageUrls: boolean
}

/** Prior knowledge of how long an operation takes, used until real durations are learned. */
export interface OperationTiming {
  /** Almost no job finishes sooner than this (milliseconds from submit). */
  minMs: number
  /** A typical job takes about this long (milliseconds from submit). */
  typicalMs: number
}

/**
 * One kind of job a provider runs, e.g. aicontent `inference` or speedpix `txt2img`. `Input` is
 * the type of its input schema; providers keep it (`as const satisfies OperationSpec`) so the
 * catalogue can infer each operation's input type (`OperationInputs`). Default: any schema.
 */
export interface OperationSpec<
  Input extends v.GenericSchema<unknown, unknown> = v.GenericSchema<unknown, unknown>,
> {
  /** The operation's name as used in `submit()` and in `Job.operation`. */
  name: string
  /** A short human label, e.g. "Text to image". */
  label: string
  /** One or two sentences for forms and API docs. */
  description: string
  /**
   * The strict input schema (valibot), with the shared camelCase names: `prompt`, `seed`,
   * `count`, `width`, `height`... Unknown fields are refused.
   */
  input: Input
  capabilities: OperationCapabilities
  /** Prior for the polling engine. */
  timing: OperationTiming
}

/**
 * One provider, reduced to single steps. Adapters never loop or sleep: the polling engine in
 * `core/polling` decides when to call `status` again.
 */
export interface ProviderAdapter {
  id: ProviderId
  /** The operations this provider runs, by name. */
  operations: Record<string, OperationSpec>
  /**
   * Validates `input` against the operation's schema and submits one job. Never retried on
   * failure: a submit must not be sent twice.
   */
  submit(operation: string, input: unknown, opts?: CallOptions): Promise<Job>
  /** One fresh snapshot. A job-level failure is a `failed` Job, not a thrown error. */
  status(handle: JobHandle, opts?: CallOptions): Promise<Job>
  /** The bytes of image `index` of a succeeded job. */
  image(handle: JobHandle, index: number, opts?: CallOptions): Promise<ImageBytes>
  /** Cancels the job, where the provider can (none of the three can today). */
  cancel?(handle: JobHandle, opts?: CallOptions): Promise<Job>
}
