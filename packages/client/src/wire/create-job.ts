import {
  type InputIssue,
  InvalidInputError,
  ProviderIdSchema,
  REQUEST_PATHS,
  requestPath,
} from '@darkroom/core'
import { toInputIssues } from '@darkroom/core/provider-kit'
import * as v from 'valibot'
import { JOB_REQUEST_MEMBERS } from './job-body.js'
import { WebhookRequestSchema } from './webhook.js'

const LISTED = JOB_REQUEST_MEMBERS.join(', ')
const INPUT_MESSAGE = "must be an object with the operation's fields"
const REQUEST_MESSAGE = `must be an object {${LISTED}}`

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * What to run, the same triple whichever transport carries it: the body of `POST /v1/jobs`, and
 * what the direct client checks before calling an adapter. The input itself is checked by the
 * operation's own schema.
 */
export const CreateJobRequestSchema = v.pipe(
  v.custom<Record<string, unknown>>(isObject, REQUEST_MESSAGE),
  v.strictObject(
    {
      /** Which provider runs it; `providers.list()` says which are on offer. */
      provider: ProviderIdSchema,
      /** The operation's name, e.g. `txt2img`; `providers.list()` says which exist. */
      operation: v.pipe(v.string('must be a string'), v.minLength(1, 'must not be empty')),
      /** The operation's input; checked against its schema before anything is submitted. */
      input: v.custom<Record<string, unknown>>(isObject, INPUT_MESSAGE),
      /** Where the gateway delivers the job's events (see `WebhookRequestSchema`). Default: none. */
      webhook: v.optional(WebhookRequestSchema),
    },
    (issue) =>
      issue.expected === 'never'
        ? `is not a member of a job request (members: ${LISTED})`
        : 'is required',
  ),
)

/**
 * A job request as checked at run time: a known provider, some operation name and an input
 * object; the operation and its input are for the provider's adapter to check.
 */
export type CheckedCreateJobRequest = v.InferOutput<typeof CreateJobRequestSchema>

/**
 * A request's issues as `InputIssue`s: a field of the input by its path relative to `input`, any
 * other member by its name in parentheses (`(provider)`, `(operation)`, `(input)`), a field of
 * the webhook after it (`(webhook).url`, `(webhook).events`), the body as a whole as `(request)`.
 */
export function requestIssues(issues: readonly v.BaseIssue<unknown>[]): InputIssue[] {
  return toInputIssues(issues, REQUEST_PATHS.request).map(({ path, message }) => ({
    path:
      path === REQUEST_PATHS.request
        ? path
        : path.startsWith('input.')
          ? path.slice('input.'.length)
          : path.startsWith('webhook.')
            ? `${requestPath('webhook')}.${path.split('.')[1]}`
            : requestPath(path.split('.')[0] ?? path),
    message,
  }))
}

/**
 * Checks a job request (a gateway's body, or the direct client's argument). Anything else is an
 * `InvalidInputError` naming each refused member, the same on both transports.
 */
export function parseCreateJob(body: unknown): CheckedCreateJobRequest {
  const result = v.safeParse(CreateJobRequestSchema, body)
  if (result.success) return result.output
  const issues = requestIssues(result.issues)
  const list = issues.map((i) => `${i.path}: ${i.message}`).join('; ')
  throw new InvalidInputError(`The job request is not {${LISTED}}: ${list}.`, {
    issues,
    call: 'submit',
  })
}
