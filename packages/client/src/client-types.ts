import type { ImageBytes, Job, OperationCapabilities, ProviderId } from '@darkroom/core'

/** What to run: the same triple whichever transport carries it. */
export interface CreateJobRequest {
  /** Which provider runs it; `providers.list()` says which are on offer. */
  provider: ProviderId
  /** The operation's name, e.g. `txt2img`; `providers.list()` says which exist. */
  operation: string
  /** The operation's input; checked against its schema before anything is submitted. */
  input: Record<string, unknown>
}

/** Options of a single call. */
export interface RequestOptions {
  /** Cancels the call; it rejects with a `DarkroomAbortError`. */
  signal?: AbortSignal | undefined
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

/** One operation as a provider offers it: enough to build a form and to know what to show. */
export interface OperationInfo {
  /** The name `jobs.create` takes, e.g. `txt2img`. */
  name: string
  /** A short human label, e.g. "Text to image". */
  label: string
  /** One or two sentences, for forms and help. */
  description: string
  /** What the provider reports while the job runs (progress, queue position, ETA), so UIs know what to show. */
  capabilities: OperationCapabilities
  /** The operation's input as JSON Schema (draft 2020-12), generated from the validating schema. */
  inputSchema: Record<string, unknown>
}

/** One provider on offer and its operations. */
export interface ProviderInfo {
  /** `aicontent`, `speedpix` or `aidge`. */
  id: ProviderId
  /** The operations it runs. */
  operations: OperationInfo[]
}

/**
 * Darkroom, whichever way it is reached: `createClient` (a gateway over HTTP) and
 * `createDirectClient` (provider adapters in-process) both return one, so code written against
 * it runs on either and sees the same `Job` shapes.
 */
export interface DarkroomClient {
  readonly providers: {
    /** The providers on offer and their operations, with input JSON Schemas. */
    list(options?: RequestOptions): Promise<ProviderInfo[]>
  }
  readonly jobs: {
    /** Submits one job (never retried, so never submitted twice) and returns its first snapshot. */
    create(request: CreateJobRequest, options?: RequestOptions): Promise<Job>
    /** A fresh snapshot. */
    get(id: string, options?: RequestOptions): Promise<Job>
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
  }
}
