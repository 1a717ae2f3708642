/**
 * Every word and code `aicontent` documents, mapped once (docs/providers.md#aicontent-status-words
 * and #aicontent-error-codes). Reviewing a mapping means reading this file; nothing else in the
 * adapter decides what a word means.
 */
import type { ErrorCode } from '../../model/job.js'
import type { StatusTable } from '../../spec/status-table.js'

/**
 * `jobStatus` (inference jobs) and `modelTrainStatus` (training) share one vocabulary, so one
 * table serves both; a word that only one of them uses is harmless in the other.
 */
export const AICONTENT_STATUS_TABLE = {
  NOT_START: { state: 'queued' },
  SUBMITTED: { state: 'queued' },
  WAIT_SCHEDULE: { state: 'queued' },
  INFERRING: { state: 'running' },
  TRAINING: { state: 'running' },
  FINISHED: { state: 'succeeded' },
  INFERRING_TERMINATED: {
    state: 'failed',
    error: { code: 'provider_error', retryable: false },
  },
  TRAINING_TERMINATED: {
    state: 'failed',
    error: { code: 'provider_error', retryable: false },
  },
  OOM: { state: 'failed', error: { code: 'out_of_resources', retryable: true } },
  TOO_MANY_INFERENCE_REQUESTS: {
    state: 'failed',
    error: { code: 'rate_limited', retryable: true },
  },
  WRONG_IMAGE_URL: { state: 'failed', error: { code: 'invalid_input', retryable: false } },
} as const satisfies StatusTable

/** A status word of the table. */
export type AicontentStatusWord = keyof typeof AICONTENT_STATUS_TABLE

/** What a failed job's `error.message` says, per word: what happened and what to do. */
export const AICONTENT_FAILURE_MESSAGES: Record<string, string> = {
  INFERRING_TERMINATED: 'The service terminated the inference job.',
  TRAINING_TERMINATED: 'The service terminated the model training job.',
  OOM: 'The service ran out of GPU memory; submitting the job again may work.',
  TOO_MANY_INFERENCE_REQUESTS:
    'The account has too many inference jobs at once; submit again once some have finished.',
  WRONG_IMAGE_URL:
    'The service could not download an image URL; check that every imageUrls entry is a public image.',
}

/** How one error code of the service normalizes. */
export interface AicontentCodeMapping {
  code: ErrorCode
  retryable: boolean
}

/** `errCode` of the envelope (with `success: false`); the HTTP status is the table's. */
export const AICONTENT_ERROR_CODES = {
  B_PARAMETER_NOT_FOUND_EXCEPTION: { code: 'invalid_input', retryable: false },
  B_PERMISSION_DENIED_EXCEPTION: { code: 'forbidden', retryable: false },
  B_DATA_NOT_FOUND_EXCEPTION: { code: 'not_found', retryable: false },
  B_MODEL_TRAIN_JOB_NOT_EXIST: { code: 'not_found', retryable: false },
  UNKNOWN_ERROR: { code: 'provider_error', retryable: true },
} as const satisfies Record<string, AicontentCodeMapping>

/**
 * `Code` of the API gateway's own error body. Signature, timestamp, nonce and key failures are
 * all `unauthorized`: the request never reached the service, and only fixing credentials or
 * the clock helps. `InvalidAccessKeySecret` is what Alibaba's SDKs rename a signature mismatch
 * to when the string to sign matched.
 */
export const AICONTENT_GATEWAY_CODES = {
  SignatureDoesNotMatch: { code: 'unauthorized', retryable: false },
  IncompleteSignature: { code: 'unauthorized', retryable: false },
  InvalidAccessKeySecret: { code: 'unauthorized', retryable: false },
  'InvalidAccessKeyId.NotFound': { code: 'unauthorized', retryable: false },
  'InvalidAccessKeyId.Inactive': { code: 'unauthorized', retryable: false },
  'InvalidTimeStamp.Expired': { code: 'unauthorized', retryable: false },
  'InvalidTimeStamp.Format': { code: 'unauthorized', retryable: false },
  SignatureNonceUsed: { code: 'unauthorized', retryable: false },
  Forbidden: { code: 'forbidden', retryable: false },
  'Forbidden.RAM': { code: 'forbidden', retryable: false },
  'InvalidAction.NotFound': { code: 'not_found', retryable: false },
  InvalidVersion: { code: 'invalid_input', retryable: false },
  Throttling: { code: 'rate_limited', retryable: true },
  'Throttling.User': { code: 'rate_limited', retryable: true },
  'Throttling.Api': { code: 'rate_limited', retryable: true },
  ServiceUnavailable: { code: 'provider_error', retryable: true },
  InternalError: { code: 'provider_error', retryable: true },
} as const satisfies Record<string, AicontentCodeMapping>

/** Looks a code up in one of the tables above, without inheriting `Object.prototype` keys. */
export function lookupCode(
  table: Readonly<Record<string, AicontentCodeMapping>>,
  code: string,
): AicontentCodeMapping | undefined {
  return Object.hasOwn(table, code) ? table[code] : undefined
}
