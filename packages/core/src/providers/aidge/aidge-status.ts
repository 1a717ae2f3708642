/**
 * Every status word and error code Aidge documents (docs/providers.md#aidge-status-words and
 * #aidge-error-codes), each mapped once, here. Reviewing this file is reviewing the whole of the
 * provider's vocabulary.
 */
import type { ErrorCode } from '../../model/job.js'
import type { StatusTable } from '../../spec/status-table.js'

/** `data.taskStatus` of the query call. */
export const AIDGE_TASK_STATUS = {
  submitted: { state: 'queued' },
  running: { state: 'running' },
  finished: { state: 'succeeded' },
  // A plain `failed` carries no code; resubmitting the same image is unlikely to help and
  // costs quota, so it is not marked retryable.
  failed: { state: 'failed', error: { code: 'provider_error', retryable: false } },
} as const satisfies StatusTable

/**
 * Whether a business error is about one call (thrown as `ProviderApiError`) or about the job
 * the query asked for (a `failed` Job with a `JobError`). On submit every code is call-level:
 * no job exists yet.
 */
export type AidgeErrorScope = 'call' | 'job'

/** How one `resCode` maps into the normalized model. */
export interface AidgeResCodeMapping {
  code: ErrorCode
  retryable: boolean
  /** What a non-200 `resCode` means when the provider answers it to a query. */
  queryScope: AidgeErrorScope
  /** The provider's meaning, used when `resMessage` is empty. */
  meaning: string
}

/**
 * `resCode` (HTTP 200 envelope `{requestId, success, resCode, resMessage, data}`). 500, 501
 * and 700 describe the call itself (700 on a query is a bad or unknown `taskId`); 801 and the
 * 100x content-control codes describe the generation the query reports on, so they fail the
 * job instead of the call.
 */
export const AIDGE_RES_CODES = {
  '500': { code: 'provider_error', retryable: true, queryScope: 'call', meaning: 'system error' },
  '501': {
    code: 'rate_limited',
    retryable: true,
    queryScope: 'call',
    meaning: 'rate limit exceeded',
  },
  '700': { code: 'invalid_input', retryable: false, queryScope: 'call', meaning: 'invalid input' },
  '801': { code: 'provider_error', retryable: true, queryScope: 'job', meaning: 'model failed' },
  '1000': {
    code: 'content_rejected',
    retryable: false,
    queryScope: 'job',
    meaning: 'content has sensitive data',
  },
  '1001': {
    code: 'provider_error',
    retryable: true,
    queryScope: 'job',
    meaning: 'content control failed, please retry',
  },
  '1002': {
    code: 'provider_error',
    retryable: false,
    queryScope: 'job',
    meaning: 'content risk filter failed',
  },
} as const satisfies Record<string, AidgeResCodeMapping>

/**
 * Looks a `resCode` up (numbers and numeric strings alike); null for an undocumented one, which
 * is `unknownCodeMapping`'s (a call-level provider error, retryable on a query only).
 */
export function mapResCode(resCode: string): AidgeResCodeMapping | null {
  return Object.hasOwn(AIDGE_RES_CODES, resCode)
    ? AIDGE_RES_CODES[resCode as keyof typeof AIDGE_RES_CODES]
    : null
}

/**
 * The account has no quota left for this API ("Sorry, your calling resources have been
 * exhausted..."). Recognized by message, in either envelope, because that is the only stable
 * part the samples show.
 */
export const AIDGE_QUOTA_MESSAGE = /calling resources have been exhausted/i

/**
 * Gateway (IOP platform) envelope `{code, type, message, request_id}` with `code` not `"0"`.
 * Signature, key and timestamp refusals are all `unauthorized`: the fix is the same (check
 * the access key name, secret and clock).
 */
export const AIDGE_PLATFORM_CODES = {
  MissingParameter: { code: 'unauthorized', retryable: false },
  IncompleteSignature: { code: 'unauthorized', retryable: false },
  InvalidAppKey: { code: 'unauthorized', retryable: false },
  InvalidTimestamp: { code: 'unauthorized', retryable: false },
  InvalidApi: { code: 'not_found', retryable: false },
  ApiCallLimit: { code: 'rate_limited', retryable: true },
  AppCallLimit: { code: 'rate_limited', retryable: true },
  ResourceExhausted: { code: 'quota_exhausted', retryable: false },
} as const satisfies Record<string, { code: ErrorCode; retryable: boolean }>

/**
 * An undocumented platform code: `ISP` (backend service) errors are transient by the
 * platform's own definition; anything else is not retried.
 */
export function mapPlatformCode(
  code: string,
  type: string | null,
): { code: ErrorCode; retryable: boolean } {
  if (Object.hasOwn(AIDGE_PLATFORM_CODES, code)) {
    return AIDGE_PLATFORM_CODES[code as keyof typeof AIDGE_PLATFORM_CODES]
  }
  return { code: 'provider_error', retryable: type?.toUpperCase() === 'ISP' }
}
