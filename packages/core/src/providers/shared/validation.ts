import * as v from 'valibot'
import {
  type InputIssue,
  InvalidInputError,
  REQUEST_PATHS,
  ResponseValidationError,
} from '../../errors/index.js'
import type { ProviderId } from '../../model/job.js'

/** Dotted path of a valibot issue, e.g. `data.result.taskId`, or `root` for the value itself. */
export function issuePath(issue: v.BaseIssue<unknown>, root = '(root)'): string {
  return v.getDotPath(issue) ?? root
}

/**
 * Turns valibot issues into path/message pairs, one per path (the first issue of each). Paths
 * are relative to the validated value; an issue of the value itself gets `root`, by default
 * `(input)` as `InputIssue` spells it.
 */
export function toInputIssues(
  issues: readonly v.BaseIssue<unknown>[],
  root: string = REQUEST_PATHS.input,
): InputIssue[] {
  const seen = new Map<string, string>()
  for (const issue of issues) {
    const path = issuePath(issue, root)
    if (!seen.has(path)) seen.set(path, issue.message)
  }
  return [...seen].map(([path, message]) => ({ path, message }))
}

/**
 * The provider's operation of this name (a key of `operations`, with its entry). Otherwise an
 * `InvalidInputError` at `(operation)` that names the provider's operations: the same from every
 * adapter, and so from the gateway, which leaves the check to them.
 */
export function knownOperation<K extends string, V>(
  provider: ProviderId,
  operations: Readonly<Record<K, V>>,
  operation: string,
): { name: K; entry: V } {
  if (Object.hasOwn(operations, operation)) {
    // An own key of the table is one of its keys.
    const name = operation as K
    return { name, entry: operations[name] }
  }
  const message = `${provider} has no operation "${operation}" (operations: ${Object.keys(operations).join(', ')})`
  throw new InvalidInputError(`${message}.`, {
    issues: [{ path: REQUEST_PATHS.operation, message }],
    provider,
    call: 'submit',
  })
}

/** Each issue as `field: message`, joined into one line; at most `max` of them. */
export function describeIssues(
  issues: readonly InputIssue[],
  max = Number.POSITIVE_INFINITY,
): string {
  return issues
    .slice(0, max)
    .map((i) => `${i.path}: ${i.message}`)
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
  const issues = toInputIssues(result.issues, '(root)')
  const list = describeIssues(issues, 5)
  throw new ResponseValidationError(
    `${context.provider} ${context.call} answered something unexpected (${list}); the provider's API may have changed.`,
    { provider: context.provider, call: context.call, fields: issues.map((i) => i.path) },
  )
}
