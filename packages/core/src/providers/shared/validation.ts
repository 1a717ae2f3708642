import * as v from 'valibot'
import { type InputIssue, InvalidInputError, ResponseValidationError } from '../../errors/index.js'
import type { ProviderId } from '../../model/job.js'

/** Dotted path of a valibot issue, e.g. `data.result.taskId`, or `(root)`. */
export function issuePath(issue: v.BaseIssue<unknown>): string {
  const path = v.getDotPath(issue)
  return path ?? '(root)'
}

/** Turns valibot issues into field/message pairs, one per field (the first issue of each). */
export function toInputIssues(issues: readonly v.BaseIssue<unknown>[]): InputIssue[] {
  const seen = new Map<string, string>()
  for (const issue of issues) {
    const field = issuePath(issue)
    if (!seen.has(field)) seen.set(field, issue.message)
  }
  return [...seen].map(([field, message]) => ({ field, message }))
}

/**
 * Validates a caller's input against an operation's strict schema. Throws an
 * `InvalidInputError` whose message names each field and what was expected, before anything
 * is sent to the provider.
 */
export function parseInput<S extends v.GenericSchema>(
  provider: ProviderId,
  operation: string,
  schema: S,
  input: unknown,
): v.InferOutput<S> {
  const result = v.safeParse(schema, input)
  if (result.success) return result.output
  const issues = toInputIssues(result.issues)
  const list = issues.map((i) => `${i.field}: ${i.message}`).join('; ')
  throw new InvalidInputError(`Invalid input for ${provider} ${operation}: ${list}.`, {
    issues,
    provider,
    call: 'submit',
  })
}

/**
 * Validates a provider's answer (untrusted) against the lenient schema of the fields we read.
 * A mismatch is a `ResponseValidationError` naming the provider, the call and the field —
 * never a crash later and never a wrong state.
 */
export function parseResponse<S extends v.GenericSchema>(
  schema: S,
  data: unknown,
  context: { provider: ProviderId; call: string },
): v.InferOutput<S> {
  const result = v.safeParse(schema, data)
  if (result.success) return result.output
  const issues = toInputIssues(result.issues)
  const list = issues
    .slice(0, 5)
    .map((i) => `${i.field}: ${i.message}`)
    .join('; ')
  throw new ResponseValidationError(
    `${context.provider} ${context.call} answered something unexpected (${list}); the provider's API may have changed.`,
    { provider: context.provider, call: context.call, fields: issues.map((i) => i.field) },
  )
}
