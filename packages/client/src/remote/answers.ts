import * as v from 'valibot'
import { GatewayResponseError } from '../errors.js'

/** What the gateway answers, as the wire contract declares it (its OpenAPI uses the same schemas). */
export { ProblemSchema, ProvidersAnswerSchema } from '../wire/index.js'

/**
 * The error of an answer that is not what the Darkroom API promises: `detail` says how, after
 * "The gateway's answer to <route>"; `fields` are the parts at fault.
 */
export function unexpectedAnswer(
  route: string,
  detail: string,
  fields: string[],
  what = 'answer',
): GatewayResponseError {
  return new GatewayResponseError(
    `The gateway's ${what} to ${route} ${detail}. Check that baseUrl points at a Darkroom gateway of a compatible version.`,
    { route, fields },
  )
}

/**
 * Reads one gateway answer (JSON text) against its schema. A mismatch, or text that is not JSON,
 * is a `GatewayResponseError` naming the route and the fields, never a half-typed value that
 * fails somewhere later.
 */
export function parseAnswer<T>(
  route: string,
  schema: v.GenericSchema<unknown, T>,
  text: string,
  what = 'answer',
): T {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    what += ' (not JSON)'
  }
  const parsed = v.safeParse(schema, data)
  if (parsed.success) return parsed.output
  const issues = parsed.issues.slice(0, 5)
  const paths = issues.map((issue) => v.getDotPath(issue) ?? '(root)')
  const detail = issues.map((issue, i) => `${paths[i]}: ${issue.message}`).join('; ')
  const fields = [...new Set(paths)]
  throw unexpectedAnswer(route, `is not what the Darkroom API promises (${detail})`, fields, what)
}
