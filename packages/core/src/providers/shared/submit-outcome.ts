/**
 * Submits are not idempotent: once the request may have reached the provider, a failure that
 * leaves its answer unknown must not read as "try again", or a caller retries into a second,
 * paid job. This turns those failures into `SubmitOutcomeUnknownError`.
 */
import {
  DarkroomTimeoutError,
  NetworkError,
  ResponseValidationError,
  SubmitOutcomeUnknownError,
} from '../../errors/index.js'
import type { ProviderId } from '../../model/job.js'

/**
 * Runs a submit's request and the reading of its answer. No answer (a network error, a timeout)
 * or a 2xx answer that cannot be read (not the envelope, no task id: every answer validation
 * error of a submit is about a 2xx answer, since refusals map by HTTP status) becomes a
 * `SubmitOutcomeUnknownError`; anything else (a refusal, an abort) passes through unchanged.
 */
export async function guardSubmit<T>(provider: ProviderId, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    throw submitOutcomeError(provider, error) ?? error
  }
}

function submitOutcomeError(
  provider: ProviderId,
  error: unknown,
): SubmitOutcomeUnknownError | null {
  let why: string
  let reason: 'no-answer' | 'unreadable-answer' = 'no-answer'
  if (NetworkError.isInstance(error)) {
    why = `the connection failed before an answer arrived (${detailOf(error.cause)})`
  } else if (DarkroomTimeoutError.isInstance(error)) {
    why = 'no answer arrived before the timeout'
  } else if (ResponseValidationError.isInstance(error)) {
    reason = 'unreadable-answer'
    why = `its answer could not be read (${error.fields.join(', ') || 'the body'})`
  } else {
    return null
  }
  return new SubmitOutcomeUnknownError(
    `${provider} submit: the provider may have created the job, but ${why}. Submitting again may create a second, paid job: check the provider's console or job list before you retry.`,
    { provider, reason, cause: error },
  )
}

function detailOf(cause: unknown): string {
  if (cause instanceof Error) return cause.message || cause.name
  return cause === undefined ? 'no details' : String(cause)
}
