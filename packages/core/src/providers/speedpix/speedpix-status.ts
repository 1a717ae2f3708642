/**
 * Every status word and error code SpeedPix answers with, and what each means in the normalized
 * model (docs/providers.md#speedpix-status-words and #speedpix-error-codes). One table each,
 * reviewed together; nothing else in the adapter decides a state or an error code from a
 * provider word.
 */

import type { ErrorCode } from '../../model/job.js'
import { type MappedStatus, mapStatusWord, type StatusTable } from '../../spec/status-table.js'

/**
 * Task status words. The progress call spells success `successed`; the submit and result calls
 * spell it `succeeded`. `cancelled` and `canceled` both occur (the official SDK lists both).
 * `failed` is not retryable: SpeedPix gives no hint that resubmitting the same input would help,
 * and an error code from the answer, when known, overrides this default (see
 * {@link SPEEDPIX_ERROR_CODES}).
 */
export const SPEEDPIX_STATUS = {
  waiting: { state: 'queued' },
  running: { state: 'running' },
  successed: { state: 'succeeded' },
  succeeded: { state: 'succeeded' },
  failed: { state: 'failed', error: { code: 'provider_error', retryable: false } },
  cancelled: { state: 'canceled' },
  canceled: { state: 'canceled' },
} as const satisfies StatusTable

/** How one SpeedPix envelope error code normalizes. */
export interface SpeedpixErrorMapping {
  code: ErrorCode
  retryable: boolean
  /**
   * `job`: the code reports how the task ended, so on a status poll it ends the job (a `failed`
   * or `canceled` Job). `call`: the code is about the request or the account, and is thrown.
   */
  scope: 'job' | 'call'
}

/**
 * Envelope `errCode` / `subErrCode` values (HTTP 200, `status: 20`). SpeedPix does not publish its
 * code list, so these are Darkroom's reading, shared with the emulator [inferred]:
 * - `INVALID_PARAMETER` with a sub code `MISSING_PARAMETER`, `PARAMETER_TYPE_MISMATCH`,
 *   `PARAMETER_OUT_OF_RANGE`, `PARAMETER_NOT_SUPPORTED` or `MALFORMED_REQUEST_BODY`;
 * - `TASK_NOT_FOUND` (unknown or foreign task id), `TASK_NOT_FINISHED` (result asked too early);
 * - about the task's end: `TASK_FAILED` / `TASK_CANCELLED`, with the reason as sub code:
 *   `SD_WEBUI_ERROR`, `GPU_OOM`, `CONTENT_RISK`, `TASK_TIMEOUT`;
 * - account-level: `RESOURCE_CONFIG_NOT_FOUND`, `PERMISSION_DENIED`, `QUOTA_EXHAUSTED`,
 *   `FLOW_LIMITED`, `SYSTEM_ERROR`.
 * A sub code found here wins over its errCode (it is the more specific). A code found nowhere
 * here is `unknownCodeMapping`'s: retryable on a status poll, since the list is a guess.
 */
export const SPEEDPIX_ERROR_CODES = {
  INVALID_PARAMETER: { code: 'invalid_input', retryable: false, scope: 'call' },
  MISSING_PARAMETER: { code: 'invalid_input', retryable: false, scope: 'call' },
  PARAMETER_TYPE_MISMATCH: { code: 'invalid_input', retryable: false, scope: 'call' },
  PARAMETER_OUT_OF_RANGE: { code: 'invalid_input', retryable: false, scope: 'call' },
  PARAMETER_NOT_SUPPORTED: { code: 'invalid_input', retryable: false, scope: 'call' },
  MALFORMED_REQUEST_BODY: { code: 'invalid_input', retryable: false, scope: 'call' },
  RESOURCE_CONFIG_NOT_FOUND: { code: 'invalid_input', retryable: false, scope: 'call' },
  TASK_NOT_FOUND: { code: 'not_found', retryable: false, scope: 'call' },
  TASK_NOT_FINISHED: { code: 'provider_error', retryable: true, scope: 'call' },
  TASK_FAILED: { code: 'provider_error', retryable: false, scope: 'job' },
  TASK_CANCELLED: { code: 'canceled', retryable: false, scope: 'job' },
  SD_WEBUI_ERROR: { code: 'provider_error', retryable: false, scope: 'job' },
  TASK_TIMEOUT: { code: 'provider_error', retryable: true, scope: 'job' },
  GPU_OOM: { code: 'out_of_resources', retryable: true, scope: 'job' },
  CONTENT_RISK: { code: 'content_rejected', retryable: false, scope: 'job' },
  PERMISSION_DENIED: { code: 'forbidden', retryable: false, scope: 'call' },
  QUOTA_EXHAUSTED: { code: 'quota_exhausted', retryable: false, scope: 'call' },
  FLOW_LIMITED: { code: 'rate_limited', retryable: true, scope: 'call' },
  SYSTEM_ERROR: { code: 'provider_error', retryable: true, scope: 'call' },
} as const satisfies Record<string, SpeedpixErrorMapping>

/** A status word looked up case-insensitively (the table is lowercase; the raw word is kept). */
export function mapSpeedpixStatus(word: string): MappedStatus {
  const mapped = mapStatusWord(SPEEDPIX_STATUS, word.trim().toLowerCase())
  return mapped.warning ? { ...mapped, warning: `unrecognized-status:${word}` } : mapped
}

/** The most specific known mapping among the codes of an answer, or null when none is known. */
export function mapSpeedpixErrorCode(
  ...codes: Array<string | null | undefined>
): SpeedpixErrorMapping | null {
  for (const code of codes) {
    if (code && Object.hasOwn(SPEEDPIX_ERROR_CODES, code)) {
      return SPEEDPIX_ERROR_CODES[code as keyof typeof SPEEDPIX_ERROR_CODES]
    }
  }
  return null
}
