import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { AppContext, AppEnv, AppVariables } from './context.js'
import { problemBody, problemFromError } from './problem.js'

/**
 * Answers whatever a route or middleware threw as an `application/problem+json` document, logging
 * what is not the caller's fault: the app's `onError`, the one place errors are rendered.
 */
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
  const body = problemBody(input, (c.var as Partial<AppVariables>).requestId ?? '')
  // Through the context, so headers set by middleware (x-request-id, CORS) are kept.
  return c.body(JSON.stringify(body), input.status as ContentfulStatusCode, {
    ...headers,
    'content-type': 'application/problem+json',
  })
}
