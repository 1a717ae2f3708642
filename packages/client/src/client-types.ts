import type { ImageBytes, Job } from '@darkroom/core'
import type { CreateJobRequest, ProviderInfo } from './wire/index.js'

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
