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

/** Each issue as `field: message`, joined into one line; at most `max` of them. */
export function describeIssues(
  issues: readonly InputIssue[],
  max = Number.POSITIVE_INFINITY,
): string {
  return issues
    .slice(0, max)
    .map((i) => `${i.field}: ${i.message}`)
    .join('; ')
}

/** Where a caller's value was refused, for {@link parseArgument}'s error. */
export interface ArgumentContext {
  /** What the value is, as the message names it: `input for speedpix txt2img`. */
  subject: string
  provider?: ProviderId
  call?: string
}

/**
 * Validates a value a caller passed against a strict schema. Throws an `InvalidInputError` whose
 * message names the subject, each field and what was expected (`Invalid <subject>: <field>: …`).
 */
export function parseArgument<S extends v.GenericSchema>(
  schema: S,
  value: unknown,
  context: ArgumentContext,
): v.InferOutput<S> {
  const result = v.safeParse(schema, value)
  if (result.success) return result.output
  const issues = toInputIssues(result.issues)
  const { subject, ...where } = context
  throw new InvalidInputError(`Invalid ${subject}: ${describeIssues(issues)}.`, {
    issues,
    ...where,
  })
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
  return parseArgument(schema, input, {
    subject: `input for ${provider} ${operation}`,
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
  const list = describeIssues(issues, 5)
  throw new ResponseValidationError(
    `${context.provider} ${context.call} answered something unexpected (${list}); the provider's API may have changed.`,
    { provider: context.provider, call: context.call, fields: issues.map((i) => i.field) },
  )
}
