import { parseRetryAfter } from '@darkroom/core/engine'
import * as v from 'valibot'
import { DarkroomApiError, errorCodeFor } from '../errors.js'
import type { Problem } from '../wire/index.js'
import { ProblemSchema } from './answers.js'
import { readBody } from './read-body.js'

/**
 * Answers worth retrying unchanged when the gateway does not say otherwise (its problem's
 * `retryable` decides when there is one): timeouts, rate limits and server-side failures.
 */
export const RETRYABLE_STATUSES = [408, 429, 500, 502, 503, 504]

/** The problem document of an error answer, or null when it is none (a proxy's HTML page). */
export async function readProblem(
  response: Response,
  signal?: AbortSignal,
): Promise<Problem | null> {
  if (!/json/i.test(response.headers.get('content-type') ?? '')) return null
  try {
    const text = new TextDecoder().decode(await readBody(response.body, signal))
    const parsed = v.safeParse(ProblemSchema, JSON.parse(text))
    return parsed.success ? parsed.output : null
  } catch {
    return null
  }
}

/** Turns a non-2xx answer into a `DarkroomApiError`, keeping the problem document. */
export async function apiErrorFrom(
  route: string,
  response: Response,
  now: number,
  signal?: AbortSignal,
): Promise<DarkroomApiError> {
  const problem = await readProblem(response, signal)
  const { status } = response
  const code = errorCodeFor(problem?.code, status)
  const requestId = problem?.requestId || response.headers.get('x-request-id')
  const detail = problem?.detail ?? `HTTP ${status} ${response.statusText}`.trim()
  return new DarkroomApiError(
    `Darkroom gateway: ${route} answered ${status} (${problem?.code ?? code}): ${detail}${requestId ? ` [request ${requestId}]` : ''}`,
    {
      status,
      code,
      retryable: problem?.retryable ?? RETRYABLE_STATUSES.includes(status),
      route,
      requestId,
      problem,
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), now),
    },
  )
}
