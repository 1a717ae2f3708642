import { ProviderApiError } from '../../errors/index.js'
import type { HttpResult } from '../../http/http-client.js'
import type { ErrorCode, ProviderId } from '../../model/job.js'

/** The normalized code of an HTTP status with no better information. */
export function codeForStatus(status: number): { code: ErrorCode; retryable: boolean } {
  if (status === 400 || status === 422) return { code: 'invalid_input', retryable: false }
  if (status === 401) return { code: 'unauthorized', retryable: false }
  if (status === 403) return { code: 'forbidden', retryable: false }
  if (status === 404) return { code: 'not_found', retryable: false }
  if (status === 429) return { code: 'rate_limited', retryable: true }
  return { code: 'provider_error', retryable: status >= 500 }
}

/**
 * How a provider error code found in none of an adapter's tables normalizes: a `provider_error`,
 * retryable on a status poll only. There the job may still finish (an undocumented code says
 * nothing about it), so the engine waits the error out until the watch's deadline instead of
 * ending the watch. On a submit or an image call it is not retryable: repeating a submit blindly
 * may start a second paid job, and the caller of an image call decides for itself.
 */
export function unknownCodeMapping(statusPoll: boolean): { code: ErrorCode; retryable: boolean } {
  return { code: 'provider_error', retryable: statusPoll }
}

/** Builds the `ProviderApiError` for an answer, with the provider's message and request id. */
export function providerError(
  provider: ProviderId,
  call: string,
  result: Pick<HttpResult, 'status' | 'retryAfterMs'>,
  details: {
    code: ErrorCode
    retryable: boolean
    providerCode: string | null
    message: string
    requestId?: string | null
  },
): ProviderApiError {
  const code = details.providerCode ? ` ${details.providerCode}` : ''
  return new ProviderApiError(
    `${provider} ${call} failed (HTTP ${result.status}${code}): ${details.message}`,
    {
      provider,
      call,
      code: details.code,
      status: result.status,
      providerCode: details.providerCode,
      retryable: details.retryable,
      retryAfterMs: result.retryAfterMs,
      requestId: details.requestId,
    },
  )
}
