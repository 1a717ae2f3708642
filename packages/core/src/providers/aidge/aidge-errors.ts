/**
 * Turns Aidge answers into either a usable envelope, a business error to be judged by the
 * caller (call- or job-level), or a thrown `DarkroomError` for everything that can never be
 * about a job: gateway refusals, quota, non-JSON bodies, HTTP failures.
 */
import * as v from 'valibot'
import { type ProviderApiError, ResponseValidationError } from '../../errors/index.js'
import type { HttpResult } from '../../http/http-client.js'
import type { ErrorCode, JobError } from '../../model/job.js'
import { codeForStatus, parseResponse, providerError, unknownCodeMapping } from '../shared/index.js'
import { type AidgeEnvelope, AidgeEnvelopeSchema } from './aidge-schemas.js'
import {
  AIDGE_QUOTA_MESSAGE,
  type AidgeResCodeMapping,
  mapPlatformCode,
  mapResCode,
} from './aidge-status.js'

const PROVIDER = 'aidge'

/** A business envelope: `ok` with its `data`, or a `resCode` the caller must judge. */
export type AidgeAnswer =
  | { ok: true; data: unknown; requestId: string | null; body: unknown }
  | {
      ok: false
      resCode: string | null
      /** Null for an undocumented code. */
      mapping: AidgeResCodeMapping | null
      message: string
      requestId: string | null
      data: unknown
      body: unknown
    }

const HINTS: Partial<Record<ErrorCode, string>> = {
  unauthorized: 'check accessKeyName, accessKeySecret and that the clock is right',
  quota_exhausted: 'buy the API on the Aidge console, or pass trial: true to use the trial quota',
  rate_limited: 'slow down and try again',
  invalid_input: 'fix the named fields',
}

function withHint(message: string, code: ErrorCode): string {
  const hint = HINTS[code]
  return hint ? `${message} (${hint})` : message
}

function httpFailure(result: HttpResult, call: string, what: string): ProviderApiError {
  const mapped = codeForStatus(result.status)
  return providerError(PROVIDER, call, result, {
    ...mapped,
    providerCode: null,
    message: withHint(what, mapped.code),
  })
}

const isSuccessStatus = (status: number) => status >= 200 && status < 300

function parseJson(result: HttpResult, call: string): unknown {
  try {
    return JSON.parse(result.text()) as unknown
  } catch (cause) {
    if (!isSuccessStatus(result.status)) {
      throw httpFailure(result, call, `HTTP ${result.status} with a body that is not JSON`)
    }
    throw new ResponseValidationError(
      `${PROVIDER} ${call} answered a body that is not JSON (${result.body.length} bytes); the service may be degraded, try again.`,
      { provider: PROVIDER, call, fields: ['(body)'], cause },
    )
  }
}

function platformError(env: AidgeEnvelope, result: HttpResult, call: string): ProviderApiError {
  const providerCode = String(env.code)
  const mapped = mapPlatformCode(providerCode, env.type ?? null)
  const message = env.message || `the Aidge gateway refused the call with ${providerCode}`
  return providerError(PROVIDER, call, result, {
    ...mapped,
    providerCode,
    message: withHint(message, mapped.code),
    requestId: env.request_id ?? null,
  })
}

function quotaError(
  message: string,
  providerCode: string | null,
  result: HttpResult,
  call: string,
  requestId: string | null,
): ProviderApiError {
  return providerError(PROVIDER, call, result, {
    code: 'quota_exhausted',
    retryable: false,
    providerCode,
    message: withHint(message, 'quota_exhausted'),
    requestId,
  })
}

/**
 * Reads one answer. Throws for everything that is never about a job; returns business errors
 * (`ok: false`) so submit and query can decide their scope.
 */
export function readAnswer(result: HttpResult, call: string): AidgeAnswer {
  const body = parseJson(result, call)
  const parsed = v.safeParse(AidgeEnvelopeSchema, body)
  if (!parsed.success && !isSuccessStatus(result.status)) {
    throw httpFailure(result, call, `HTTP ${result.status} without an Aidge envelope`)
  }
  // Validated once: a failed parse goes through parseResponse for its error, not a second pass.
  const env = parsed.success
    ? parsed.output
    : parseResponse(AidgeEnvelopeSchema, body, { provider: PROVIDER, call })
  const requestId = env.requestId ?? env.request_id ?? null
  if (env.code != null && String(env.code).trim() !== '0') {
    const text = env.message ?? ''
    if (AIDGE_QUOTA_MESSAGE.test(text)) {
      throw quotaError(text, String(env.code), result, call, requestId)
    }
    throw platformError(env, result, call)
  }
  const resCode = env.resCode == null ? null : String(env.resCode).trim()
  if (resCode === null && env.success == null) {
    if (!isSuccessStatus(result.status)) {
      throw httpFailure(result, call, `HTTP ${result.status} without resCode`)
    }
    throw new ResponseValidationError(
      `${PROVIDER} ${call} answered an envelope with neither resCode nor success; the provider's API may have changed.`,
      { provider: PROVIDER, call, fields: ['resCode'] },
    )
  }
  const ok = resCode === null ? env.success === true : resCode === '200' && env.success !== false
  if (ok) {
    if (!isSuccessStatus(result.status)) {
      throw httpFailure(result, call, `HTTP ${result.status} with a successful envelope`)
    }
    return { ok: true, data: env.data, requestId, body }
  }
  const text = env.resMessage ?? env.message ?? ''
  if (AIDGE_QUOTA_MESSAGE.test(text)) throw quotaError(text, resCode, result, call, requestId)
  const mapping = mapResCode(resCode ?? '')
  return {
    ok: false,
    resCode,
    mapping,
    message: text || mapping?.meaning || 'undocumented result code',
    requestId,
    data: env.data,
    body,
  }
}

/**
 * The thrown error for a business error judged call-level; an undocumented code is retryable
 * only on a status poll (`unknownCodeMapping`).
 */
export function callError(
  answer: Extract<AidgeAnswer, { ok: false }>,
  result: HttpResult,
  call: string,
  statusPoll = false,
): ProviderApiError {
  const mapped = answer.mapping ?? unknownCodeMapping(statusPoll)
  return providerError(PROVIDER, call, result, {
    code: mapped.code,
    retryable: mapped.retryable,
    providerCode: answer.resCode,
    message: withHint(answer.message, mapped.code),
    requestId: answer.requestId,
  })
}

/** The `JobError` of a business error judged job-level (a query reporting on its task). */
export function jobError(
  answer: Extract<AidgeAnswer, { ok: false }>,
  mapping: AidgeResCodeMapping,
): JobError {
  return {
    code: mapping.code,
    message: answer.message,
    retryable: mapping.retryable,
    providerCode: answer.resCode,
  }
}

/**
 * A refused result-image download. The image host is OSS, which answers XML
 * `<Error><Code>..</Code><Message>..</Message>`; an expired URL is `not_found` (the image is
 * gone for good: asking again gives the same URL), anything else maps by HTTP status.
 */
export function downloadError(result: HttpResult): ProviderApiError {
  const text = result.text().slice(0, 4096)
  const code = /<Code>([^<]{1,100})<\/Code>/.exec(text)?.[1] ?? null
  const message = /<Message>([^<]{1,300})<\/Message>/.exec(text)?.[1]
  const expired = result.status === 403 && /expired/i.test(message ?? '')
  const mapped = expired
    ? { code: 'not_found' as const, retryable: false }
    : codeForStatus(result.status)
  const what = expired
    ? 'the result URL has expired; Aidge keeps result images for a limited time'
    : (message ?? `HTTP ${result.status} for the result image`)
  return providerError(PROVIDER, 'image', result, { ...mapped, providerCode: code, message: what })
}
