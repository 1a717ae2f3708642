import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { AppContext, AppEnv, AppVariables } from './context.js'
import { type ProblemInput, problemBody, problemFromError } from './problem.js'

/** Answers with an `application/problem+json` document. */
export function problem(
  c: Context,
  input: ProblemInput,
  headers: Record<string, string> = {},
): Response {
  const body = problemBody(input, (c.var as Partial<AppVariables>).requestId ?? '')
  // Through the context, so headers set by middleware (x-request-id, CORS) are kept.
  return c.body(JSON.stringify(body), input.status as ContentfulStatusCode, {
    ...headers,
    'content-type': 'application/problem+json',
  })
}

/** A 400 problem about one part of the request, which its `errors` names (see `InputIssue`). */
export function fieldProblem(c: Context, path: string, message: string): Response {
  return problem(c, {
    status: 400,
    code: 'invalid_input',
    detail: `${message}.`,
    errors: [{ path, message }],
  })
}

/** Answers a thrown error as a problem, logging what is not the caller's fault. */
export function problemFor(c: Context<AppEnv>, app: AppContext, error: unknown): Response {
  const { input, headers } = problemFromError(error, app.redact)
  if (input.status >= 500) {
    app.log({
      level: 'error',
      requestId: c.get('requestId') ?? null,
      code: input.code,
      error: app.redact(error instanceof Error ? `${error.name}: ${error.message}` : String(error)),
    })
  }
  return problem(c, input, headers)
}

/** The 404 for an unknown, tampered or foreign job id. */
export function jobNotFound(c: Context<AppEnv>): Response {
  return problem(c, {
    status: 404,
    code: 'not_found',
    detail:
      'No job with this id for this API key. Use the id returned by POST /v1/jobs with the same key.',
  })
}
