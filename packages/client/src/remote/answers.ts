import * as v from 'valibot'
import { GatewayResponseError } from '../errors.js'

/** What the gateway answers, as the wire contract declares it (its OpenAPI uses the same schemas). */
export { ProblemSchema, ProvidersAnswerSchema } from '../wire/index.js'

/**
 * Checks one gateway answer against its schema. A mismatch is a `GatewayResponseError` naming
 * the route and the fields, never a half-typed value that fails somewhere later.
 */
export function parseAnswer<T>(
  route: string,
  schema: v.GenericSchema<unknown, T>,
  data: unknown,
  what = 'answer',
): T {
  const parsed = v.safeParse(schema, data)
  if (parsed.success) return parsed.output
  const issues = parsed.issues.slice(0, 5)
  const fields = [...new Set(issues.map((issue) => v.getDotPath(issue) ?? '(root)'))]
  const detail = issues
    .map((issue) => `${v.getDotPath(issue) ?? '(root)'}: ${issue.message}`)
    .join('; ')
  throw new GatewayResponseError(
    `The gateway's ${what} to ${route} is not what the Darkroom API promises (${detail}). Check that baseUrl points at a Darkroom gateway of a compatible version.`,
    { route, fields },
  )
}
