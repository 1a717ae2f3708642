import { ProviderIdSchema } from '@darkroom/core'
import * as v from 'valibot'
import { GatewayResponseError, type Problem } from '../errors.js'

/** The answer of `GET /v1/providers`. */
export const ProvidersAnswerSchema = v.object({
  providers: v.array(
    v.object({
      id: ProviderIdSchema,
      operations: v.array(
        v.object({
          name: v.string(),
          label: v.string(),
          description: v.string(),
          capabilities: v.object({
            progress: v.boolean(),
            queuePosition: v.boolean(),
            eta: v.boolean(),
            imageUrls: v.boolean(),
          }),
          inputSchema: v.record(v.string(), v.unknown()),
        }),
      ),
    }),
  ),
})

/** An `application/problem+json` body as the gateway writes it. */
export const ProblemSchema: v.GenericSchema<unknown, Problem> = v.object({
  type: v.string(),
  title: v.string(),
  status: v.number(),
  detail: v.string(),
  code: v.string(),
  retryable: v.boolean(),
  requestId: v.string(),
  errors: v.optional(v.array(v.object({ field: v.string(), message: v.string() }))),
})

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
