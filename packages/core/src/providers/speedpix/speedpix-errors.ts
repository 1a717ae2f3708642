/**
 * Turns SpeedPix answers into errors: API Gateway refusals (an empty body with `X-Ca-Error-*`
 * headers), HTTP failures, and envelope business errors (`status: 20`, `errCode`, `subErrCode`).
 * A business error about a job becomes a `JobError`; one about the call is thrown.
 */

import type { ProviderApiError } from '../../errors/index.js'
import { ResponseValidationError } from '../../errors/index.js'
import type { HttpResult } from '../../http/http-client.js'
import type { ErrorCode, JobError } from '../../model/job.js'
import { codeForStatus, parseResponse, providerError, unknownCodeMapping } from '../shared/index.js'
import { type Envelope, EnvelopeSchema } from './speedpix-schemas.js'
import { mapSpeedpixErrorCode, type SpeedpixErrorMapping } from './speedpix-status.js'

const PROVIDER = 'speedpix'

/** Gateway messages that mean the request's credentials or signature were refused. */
const AUTH_MESSAGE = /signature|timestamp|nonce|appkey|appsecret|content-md5|unauthorized|x-ca-/i
/** Throttling: the classic gateway answers 403 `Throttled by APP Flow Control`, newer ones 429. */
const THROTTLE_MESSAGE = /throttl|flow control|too many/i
const QUOTA_MESSAGE = /quota/i

/** The request id of an answer: the gateway's header, else the envelope's invoke id. */
export function requestIdOf(result: HttpResult, envelope?: Envelope | null): string | null {
  return result.headers.get('x-ca-request-id') ?? envelope?.apiInvokeId ?? null
}

/**
 * The error for a non-2xx answer. A gateway refusal names its reason in `X-Ca-Error-Message`
 * (`Invalid Signature, Server StringToSign:...`, `Invalid Timestamp`, `Nonce Used`,
 * `Invalid AppKey`); the echoed string to sign is dropped, since it is noise to a caller (and
 * long). A JSON envelope in the body, when there is one, supplies its codes.
 */
export function httpError(result: HttpResult, call: string): ProviderApiError {
  const requestId = requestIdOf(result)
  const gatewayMessage = result.headers.get('x-ca-error-message')
  const gatewayCode = result.headers.get('x-ca-error-code')
  if (gatewayMessage !== null || gatewayCode !== null) {
    const reason = (gatewayMessage ?? '').split(/,\s*Server StringToSign/i)[0]?.trim() ?? ''
    const { code, retryable, hint } = classifyGateway(result.status, reason)
    return providerError(PROVIDER, call, result, {
      code,
      retryable,
      providerCode: gatewayCode ?? (reason || null),
      message: `the API gateway refused the request (${reason || 'no reason given'})${hint}`,
      requestId,
    })
  }
  const envelope = tryEnvelope(result)
  const fromCodes =
    envelope && mapSpeedpixErrorCode(str(envelope.subErrCode), str(envelope.errCode))
  const byStatus = codeForStatus(result.status)
  return providerError(PROVIDER, call, result, {
    code: fromCodes?.code ?? byStatus.code,
    retryable: byStatus.retryable || (fromCodes?.retryable ?? false),
    providerCode: (envelope && (str(envelope.subErrCode) ?? str(envelope.errCode))) ?? null,
    message: (envelope && envelopeMessage(envelope)) ?? `HTTP ${result.status} without details`,
    requestId: requestId ?? envelope?.apiInvokeId ?? null,
  })
}

function classifyGateway(
  status: number,
  reason: string,
): { code: ErrorCode; retryable: boolean; hint: string } {
  if (status === 429 || THROTTLE_MESSAGE.test(reason)) {
    return { code: 'rate_limited', retryable: true, hint: '; slow down and try again' }
  }
  if (QUOTA_MESSAGE.test(reason)) return { code: 'quota_exhausted', retryable: false, hint: '' }
  if ((status === 400 || status === 401 || status === 403) && AUTH_MESSAGE.test(reason)) {
    return {
      code: 'unauthorized',
      retryable: false,
      hint: '; check appKey and appSecret and that the clock is within 15 minutes of real time',
    }
  }
  return { ...codeForStatus(status), hint: '' }
}

function tryEnvelope(result: HttpResult): Envelope | null {
  try {
    return parseEnvelope(result, 'response')
  } catch {
    return null
  }
}

/**
 * Parses a 2xx body as the SpeedPix envelope. A body that is not JSON, or not an object, is a
 * `ResponseValidationError` naming the call.
 */
export function parseEnvelope(result: HttpResult, call: string): Envelope {
  let json: unknown
  try {
    json = JSON.parse(result.text())
  } catch (cause) {
    throw new ResponseValidationError(
      `${PROVIDER} ${call} answered HTTP ${result.status} with a body that is not JSON (${result.body.length} bytes); the service may be degraded, try again.`,
      { provider: PROVIDER, call, fields: ['(body)'], cause },
    )
  }
  if (Array.isArray(json)) {
    // valibot's object() lets arrays through; an envelope is never one.
    throw new ResponseValidationError(
      `${PROVIDER} ${call} answered a JSON array where its envelope object was expected; the provider's API may have changed.`,
      { provider: PROVIDER, call, fields: ['(root)'] },
    )
  }
  return parseResponse(EnvelopeSchema, json, { provider: PROVIDER, call })
}

/** A code as a string; numbers are accepted since some gateways print codes as numbers. */
export function str(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null
  const text = String(value).trim()
  return text === '' ? null : text
}

/** True when the envelope reports a failed call: `status: 20`, or any error code set. */
export function isEnvelopeFailure(envelope: Envelope): boolean {
  return (
    Number(envelope.status) === 20 ||
    str(envelope.errCode) !== null ||
    str(envelope.subErrCode) !== null
  )
}

/** The most specific message of a failed envelope: `subErrMessage`, then `errMessage`. */
export function envelopeMessage(envelope: Envelope): string | null {
  return envelope.subErrMessage?.trim() || envelope.errMessage?.trim() || null
}

/**
 * The thrown error for a failed envelope about the call itself (not a job's outcome). A code in
 * no table is `unknownCodeMapping`'s: retryable only when `statusPoll`.
 */
export function envelopeError(
  envelope: Envelope,
  result: HttpResult,
  call: string,
  statusPoll = false,
): ProviderApiError {
  const sub = str(envelope.subErrCode)
  const err = str(envelope.errCode)
  const mapped = mapSpeedpixErrorCode(sub, err) ?? unknownCodeMapping(statusPoll)
  return providerError(PROVIDER, call, result, {
    code: mapped.code,
    retryable: mapped.retryable,
    providerCode: sub ?? err ?? String(envelope.status ?? ''),
    message: envelopeMessage(envelope) ?? 'the service reported a failure without a message',
    requestId: requestIdOf(result, envelope),
  })
}

/**
 * Judges a failed envelope of a status poll whose `data` names no task status that settles it:
 * returns the mapping of a code known to report the task's end (the job ends so); throws a code
 * about the call with its mapping, and any other code as a retryable provider error.
 */
export function taskEndingCode(
  envelope: Envelope,
  result: HttpResult,
  call: string,
): SpeedpixErrorMapping {
  const mapped = mapSpeedpixErrorCode(str(envelope.subErrCode), str(envelope.errCode))
  if (mapped?.scope === 'job') return mapped
  throw envelopeError(envelope, result, call, true)
}

/**
 * The `JobError` of a job that ended badly. `base` is the status table's default for the word;
 * a known sub code or error code in the answer is more specific and wins.
 */
export function jobErrorOf(
  envelope: Envelope,
  base: { code: ErrorCode; retryable: boolean },
  dataMessage: string | null,
  word: string,
): JobError {
  const sub = str(envelope.subErrCode)
  const err = str(envelope.errCode)
  const mapped = mapSpeedpixErrorCode(sub, err)
  return {
    code: mapped?.code ?? base.code,
    retryable: mapped?.retryable ?? base.retryable,
    message: envelopeMessage(envelope) ?? dataMessage ?? `the task ended with status "${word}"`,
    providerCode: sub ?? err ?? word,
  }
}

/** A URL without its query, so errors never show a signed URL's credentials. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.origin}${parsed.pathname}`
  } catch {
    return '(unreadable URL)'
  }
}

/** The error for a download the image host refused; it never shows the signed query. */
export function imageRefused(result: HttpResult, url: string, taskId: string, index: number) {
  const text = result.text()
  const ossCode = text.match(/<Code>([^<]{1,100})<\/Code>/)?.[1] ?? null
  const ossMessage = text.match(/<Message>([^<]{1,300})<\/Message>/)?.[1] ?? null
  const expired = /expired/i.test(ossMessage ?? '')
  const reason = `${ossCode ?? `HTTP ${result.status}`}${ossMessage ? `: ${ossMessage}` : ''}`
  const hint = expired ? ' even with a freshly fetched URL; check that the clock is right' : ''
  return providerError(PROVIDER, 'image', result, {
    ...codeForStatus(result.status),
    providerCode: ossCode,
    message: `the download of image ${index} of task ${taskId} from ${redactUrl(url)} was refused (${reason})${hint}`,
    requestId: result.headers.get('x-oss-request-id'),
  })
}
