import { InvalidInputError, JobSchema, JobStateSchema, ProviderIdSchema } from '@darkroom/core'
import { toInputIssues } from '@darkroom/core/provider-kit'
import * as v from 'valibot'

/** The most jobs one page of `GET /v1/jobs` holds. */
export const MAX_JOB_LIST_LIMIT = 100

/** The page size of `GET /v1/jobs` when `limit` is left out. */
export const DEFAULT_JOB_LIST_LIMIT = 20

const MEMBERS = 'state, provider, limit, cursor'

/**
 * The query of `GET /v1/jobs`, as strings (what a URL carries). Every member is optional; an
 * unknown one is refused, so a misspelt filter is not silently ignored.
 */
export const JobListQuerySchema = v.strictObject(
  {
    /** Only jobs in this state. Default: every state. */
    state: v.optional(JobStateSchema),
    /** Only jobs of this provider. Default: every provider. */
    provider: v.optional(ProviderIdSchema),
    /** At most this many jobs, 1 to 100. Default 20. */
    limit: v.optional(
      v.pipe(
        v.string(),
        v.regex(/^[1-9]\d{0,2}$/, `must be an integer from 1 to ${MAX_JOB_LIST_LIMIT}`),
        v.check((s) => Number(s) <= MAX_JOB_LIST_LIMIT, `must be at most ${MAX_JOB_LIST_LIMIT}`),
      ),
    ),
    /** The `nextCursor` of the previous page, unchanged; absent for the first page. */
    cursor: v.optional(v.pipe(v.string(), v.minLength(1, 'must not be empty'))),
  },
  `is not a query parameter of the job list (parameters: ${MEMBERS})`,
)

/** A checked job-list query: what the gateway hands its jobs seam. */
export interface JobListParams {
  state?: v.InferOutput<typeof JobStateSchema> | undefined
  provider?: v.InferOutput<typeof ProviderIdSchema> | undefined
  /** 1 to {@link MAX_JOB_LIST_LIMIT}. */
  limit: number
  cursor?: string | undefined
}

/**
 * Checks the query of `GET /v1/jobs` (name to value; a repeated name is refused by the caller).
 * Anything else is an `InvalidInputError` naming each refused parameter by its name.
 */
export function parseJobListQuery(query: Record<string, string>): JobListParams {
  const result = v.safeParse(JobListQuerySchema, query)
  if (!result.success) {
    const issues = toInputIssues(result.issues, '(query)')
    const list = issues.map((i) => `${i.path}: ${i.message}`).join('; ')
    throw new InvalidInputError(`The job list query is not valid: ${list}.`, {
      issues,
      call: 'list',
    })
  }
  const { limit, ...rest } = result.output
  return { ...rest, limit: limit === undefined ? DEFAULT_JOB_LIST_LIMIT : Number(limit) }
}

/** The answer of `GET /v1/jobs`: one page of the caller's jobs, newest first. */
export const JobListAnswerSchema = v.object({
  /** The page's jobs, newest submitted first; ids are the gateway's job ids. */
  jobs: v.array(JobSchema),
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: v.nullable(v.string()),
})

/** The answer of `GET /v1/jobs`. */
export type JobListAnswer = v.InferOutput<typeof JobListAnswerSchema>
