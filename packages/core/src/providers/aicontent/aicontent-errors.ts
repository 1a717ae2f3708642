/**
 * Turns `aicontent` answers into data or typed errors. Two error shapes reach us: the service's
 * envelope with `success: false` and an `errCode`, and the API gateway's `{RequestId, HostId,
 * Code, Message, Recommend}` for requests that never got past signature checks or throttling.
 */
import * as v from 'valibot'
import { type ProviderApiError, ResponseValidationError } from '../../errors/index.js'
import type { HttpResult } from '../../http/http-client.js'
import type { JobError } from '../../model/job.js'
import { mapStatusWord } from '../../spec/status-table.js'
import { codeForStatus, providerError, unknownCodeMapping } from '../shared/index.js'
import { type Envelope, EnvelopeSchema, GatewayErrorSchema } from './aicontent-schemas.js'
import {
  AICONTENT_ERROR_CODES,
  AICONTENT_FAILURE_MESSAGES,
  AICONTENT_GATEWAY_CODES,
  AICONTENT_STATUS_TABLE,
  type AicontentCodeMapping,
  lookupCode,
} from './aicontent-status.js'

const PROVIDER = 'aicontent'

/** Long provider messages (the gateway echoes its string to sign) are cut to keep logs readable. */
const MAX_MESSAGE = 300

const HINTS: Partial<Record<AicontentCodeMapping['code'], string>> = {
  unauthorized: 'check accessKeyId, accessKeySecret and the system clock',
  forbidden: 'check that the AccessKey may call AI Content (RAM policy aicontent:*)',
  rate_limited: 'slow down and try again later',
}

function isOk(status: number): boolean {
  return status >= 200 && status < 300
}

function clip(message: string): string {
  const flat = message.replace(/\s+/g, ' ').trim()
  return flat.length > MAX_MESSAGE ? `${flat.slice(0, MAX_MESSAGE)}…` : flat
}

function build(
  call: string,
  result: HttpResult,
  mapping: AicontentCodeMapping,
  providerCode: string | null,
  message: string,
  requestId: string | null | undefined,
): ProviderApiError {
  const hint = HINTS[mapping.code]
  return providerError(PROVIDER, call, result, {
    ...mapping,
    providerCode,
    message: hint ? `${clip(message)} (${hint})` : clip(message),
    requestId,
  })
}

/**
 * The error of a non-2xx answer, or of a 2xx envelope that says `success: false`. A documented
 * `errCode` maps by its table; an undocumented one is a retryable provider error on a status
 * poll (`unknownCodeMapping`) and maps by the HTTP status elsewhere.
 */
export function answerError(call: string, result: HttpResult, body: unknown): ProviderApiError {
  const gateway = v.safeParse(GatewayErrorSchema, body)
  if (gateway.success) {
    const { Code, Message, RequestId } = gateway.output
    const mapping = lookupCode(AICONTENT_GATEWAY_CODES, Code) ?? codeForStatus(result.status)
    return build(call, result, mapping, Code, Message ?? Code, RequestId)
  }
  const envelope = v.safeParse(EnvelopeSchema, body)
  if (envelope.success && (envelope.output.errCode || envelope.output.success === false)) {
    const { errCode, errMessage, httpStatusCode, requestId } = envelope.output
    const status = isOk(result.status) ? (httpStatusCode ?? result.status) : result.status
    const known = errCode ? lookupCode(AICONTENT_ERROR_CODES, errCode) : undefined
    // An undocumented code on a status poll says nothing about the job, which may still finish.
    const unknown = errCode && call === 'status' ? unknownCodeMapping(true) : codeForStatus(status)
    const mapping = known ?? unknown
    const message = errMessage ?? errCode ?? 'the request failed without an error message'
    return build(call, result, mapping, errCode ?? null, message, requestId)
  }
  const mapping = codeForStatus(result.status)
  return build(call, result, mapping, null, `HTTP ${result.status} without an error code`, null)
}

/**
 * Parses a body as JSON. Not JSON: a typed error naming the call; for a non-2xx answer, the
 * HTTP status decides (a proxy's HTML 502 page is a provider error, not a malformed answer).
 */
export function parseJson(result: HttpResult, call: string): unknown {
  try {
    return JSON.parse(result.text()) as unknown
  } catch (cause) {
    if (!isOk(result.status)) {
      const mapping = codeForStatus(result.status)
      throw build(call, result, mapping, null, `HTTP ${result.status} with a non-JSON body`, null)
    }
    throw new ResponseValidationError(
      `${PROVIDER} ${call} answered a body that is not JSON (HTTP ${result.status}, ${result.body.length} bytes).`,
      { provider: PROVIDER, call, fields: ['(body)'], cause },
    )
  }
}

/**
 * Reads an envelope answer: returns it when `success` is true, throws the mapped
 * `ProviderApiError` for any refusal, and a `ResponseValidationError` for anything else.
 */
export function readEnvelope(result: HttpResult, call: string): Envelope {
  const body = parseJson(result, call)
  if (!isOk(result.status)) throw answerError(call, result, body)
  const parsed = v.safeParse(EnvelopeSchema, body)
  if (!parsed.success) {
    if (v.is(GatewayErrorSchema, body)) throw answerError(call, result, body)
    throw new ResponseValidationError(
      `${PROVIDER} ${call} answered something that is not its envelope; the API may have changed.`,
      { provider: PROVIDER, call, fields: ['(root)'] },
    )
  }
  const envelope = parsed.output
  if (envelope.success === true) return envelope
  if (envelope.success === false) throw answerError(call, result, body)
  if (v.is(GatewayErrorSchema, body)) throw answerError(call, result, body)
  throw new ResponseValidationError(
    `${PROVIDER} ${call} answered without a boolean "success"; the API may have changed.`,
    { provider: PROVIDER, call, fields: ['success'] },
  )
}

/** The `JobError` of a failed status word; null for words that are not failures. */
export function jobErrorFor(word: string): JobError | null {
  const mapped = mapStatusWord(AICONTENT_STATUS_TABLE, word)
  if (mapped.state !== 'failed' || !mapped.error) return null
  return {
    ...mapped.error,
    message: AICONTENT_FAILURE_MESSAGES[word] ?? `The job ended with status ${word}.`,
    providerCode: word,
  }
}
