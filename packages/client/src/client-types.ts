import type { ImageBytes, Job, JobState, ProviderId } from '@darkroom/core'
import type { UploadSource } from './uploads/upload-bytes.js'
import type {
  CreateJobRequest,
  JobListAnswer,
  ProviderInfo,
  UntypedCreateJobRequest,
  Upload,
} from './wire/index.js'

/** Options of a single call. */
export interface RequestOptions {
  /** Cancels the call; it rejects with a `DarkroomAbortError`. */
  signal?: AbortSignal | undefined
}

/** Options of `jobs.create`. */
export interface CreateOptions extends RequestOptions {
  /**
   * The submit's `Idempotency-Key` (1 to 255 visible ASCII characters): the gateway answers a
   * repeat of the same request under it with the first one's job, for a day. Pass your own to
   * make a submit safe to repeat across calls or restarts (e.g. your order id); a submit with the
   * same key and another request is refused (`idempotency_key_reused`). Default: a fresh
   * `crypto.randomUUID()` per call (random hex on a page without it, one that is not a secure
   * context), which makes the client's own retries safe (see `ClientOptions.retries`). The direct client has no gateway to keep keys and refuses this
   * option (an `InvalidInputError`) rather than pretend a repeat is safe.
   */
  idempotencyKey?: string | undefined
}

/** What `jobs.list` lists: every member is optional. */
export interface JobListOptions {
  /** Only jobs in this state. Default: every state. */
  state?: JobState | undefined
  /** Only jobs of this provider. Default: every provider the gateway offers. */
  provider?: ProviderId | undefined
  /** At most this many jobs, 1 to 100. Default 20 (the gateway's). */
  limit?: number | undefined
  /** The `nextCursor` of the previous page, unchanged. Default: the first page. */
  cursor?: string | undefined
}

/** One page of `jobs.list`: the jobs, newest first, and the cursor of the next page (or null). */
export type JobPage = JobListAnswer

/** The image field an upload is for: `{ provider: 'speedpix', operation: 'img2img', field: 'imageUrls' }`. */
export interface UploadTarget {
  provider: ProviderId
  operation: string
  /** The field's path in the input, e.g. `imageUrls` or `controlnetUnits.0.inputImage`. */
  field: string
}

/** Options of `uploads.create`. */
export interface UploadOptions extends RequestOptions {
  /**
   * The image's type: `image/png`, `image/jpeg`, `image/webp` or `image/gif`. Default: the
   * `Blob`'s own type, else what the bytes' magic number says.
   */
  contentType?: string | undefined
  /**
   * The field the image is for. Required by the direct client (it answers a base64 `data:` URL,
   * which only some fields take); the remote client's gateway URL suits every image field, so it
   * ignores this. Default none.
   */
  for?: UploadTarget | undefined
}

/** Options of `jobs.watch`. */
export interface WatchOptions extends RequestOptions {
  /**
   * Whole-watch deadline in milliseconds; past it the watch throws a `DarkroomTimeoutError`
   * carrying the last snapshot. Default one hour, as in core, so a stuck job cannot hang a caller.
   */
  timeoutMs?: number | undefined
}

/** Options of `jobs.wait`. */
export interface WaitOptions extends WatchOptions {
  /** Sees every changed snapshot on the way, e.g. to draw a progress bar. */
  onUpdate?: ((job: Job) => void) | undefined
}

/** Options of `run`: those of `jobs.wait`, with the signal and the deadline spanning the submit. */
export interface RunOptions extends WaitOptions, Pick<CreateOptions, 'idempotencyKey'> {
  /**
   * Deadline of the whole run, the submit and the watch together, in milliseconds; past it the
   * run throws a `DarkroomTimeoutError` carrying the last snapshot (null when the submit had not
   * answered yet: the job may exist all the same). Default one hour, as for `jobs.wait`.
   */
  timeoutMs?: number | undefined
}

/**
 * Darkroom, whichever way it is reached: `createClient` (a gateway over HTTP) and
 * `createDirectClient` (provider adapters in-process) both return one, so code written against
 * it runs on either and sees the same `Job` shapes.
 */
export interface DarkroomClient {
  /**
   * Submits one job and waits for it: `jobs.create`, then `jobs.wait` with `onUpdate` on each
   * changed snapshot. Returns the terminal snapshot (`succeeded`, `failed` with `job.error`, or
   * `canceled`): a failed job is a result, not a thrown error. `signal` and `timeoutMs` cover both
   * steps. The request is typed per provider and operation (see `CreateJobRequest`).
   */
  run(request: CreateJobRequest, options?: RunOptions): Promise<Job>
  /**
   * `run` for a request built at run time, made with a cast (`request as
   * UntypedCreateJobRequest`): checked at run time, an `InvalidInputError` naming each field.
   */
  run(request: UntypedCreateJobRequest, options?: RunOptions): Promise<Job>
  readonly providers: {
    /** The providers on offer and their operations, with input JSON Schemas. */
    list(options?: RequestOptions): Promise<ProviderInfo[]>
  }
  readonly uploads: {
    /**
     * Makes an image something a provider can fetch, for an image input (speedpix img2img's
     * `imageUrls`, aidge's `imageUrl`, aicontent's `imageUrls`): the remote client uploads it
     * (`POST /v1/uploads`) and answers the gateway's signed, expiring URL; the direct client
     * answers a base64 `data:` URL where the provider takes base64 in that field (see
     * `UploadOptions.for`), and otherwise throws an `InvalidInputError` saying a URL is needed.
     * A source of no kept image type is an `InvalidInputError` before anything is sent.
     */
    create(image: UploadSource, options?: UploadOptions): Promise<Upload>
  }
  readonly jobs: {
    /**
     * Submits one job and returns its first snapshot (a repeat under the same `idempotencyKey`
     * returns the first one's job, its current snapshot). Through a gateway it is sent with an
     * `Idempotency-Key` and retried when its outcome is unknown, never without the key, so it
     * is never submitted twice. The request is typed per provider and operation (see
     * `CreateJobRequest`).
     */
    create(request: CreateJobRequest, options?: CreateOptions): Promise<Job>
    /**
     * `create` for a request built at run time, made with a cast (`request as
     * UntypedCreateJobRequest`): checked at run time, an `InvalidInputError` naming each field.
     */
    create(request: UntypedCreateJobRequest, options?: CreateOptions): Promise<Job>
    /** A fresh snapshot. */
    get(id: string, options?: RequestOptions): Promise<Job>
    /**
     * One page of this API key's jobs, newest first (`GET /v1/jobs`); pass `nextCursor` back as
     * `cursor` for the next. Needs a gateway with a job store: the direct client throws an
     * `InvalidInputError` saying so, a storeless gateway a `DarkroomApiError` (problem code
     * `store_required`, status 501). A refused query member is an `InvalidInputError` naming it.
     */
    list(query?: JobListOptions, options?: RequestOptions): Promise<JobPage>
    /**
     * The current snapshot, then each changed one, until the job is terminal. Breaking out of
     * the loop stops the watching (and the connection or polling behind it).
     */
    watch(id: string, options?: WatchOptions): AsyncIterable<Job>
    /**
     * Watches to the end and returns the terminal snapshot: `succeeded`, `failed` (see
     * `job.error`) or `canceled`. A failed job is a result, not a thrown error.
     */
    wait(id: string, options?: WaitOptions): Promise<Job>
    /** The bytes of image `index` (from 0) of a succeeded job. */
    image(id: string, index: number, options?: RequestOptions): Promise<ImageBytes>
    /**
     * The bytes of every image of a succeeded job, in order (one fresh snapshot, then one image
     * at a time). A job that has not succeeded is an `InvalidInputError` saying its state.
     */
    images(id: string, options?: RequestOptions): Promise<ImageBytes[]>
  }
}
