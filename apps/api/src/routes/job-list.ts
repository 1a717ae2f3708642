import { JobListQuerySchema, parseJobListQuery } from '@darkroom/client/wire'
import { decodeHandle, InvalidInputError } from '@darkroom/core'
import type { Context } from 'hono'
import type { AppEnv } from '../http/context.js'
import { presentJob } from '../http/present.js'
import { publicBase } from '../http/public-base.js'
import type { RouteSpec } from '../http/route.js'
import { signJobToken } from '../security/job-token.js'

/** The query as one value per name: a repeated name is refused, not silently narrowed to one. */
function singleQuery(c: Context<AppEnv>): Record<string, string> {
  const query: Record<string, string> = {}
  for (const [name, values] of Object.entries(c.req.queries())) {
    if (values.length > 1) {
      const message = 'is given more than once; give it once'
      throw new InvalidInputError(`The job list query is not valid: ${name}: ${message}.`, {
        issues: [{ path: name, message }],
        call: 'list',
      })
    }
    query[name] = values[0] ?? ''
  }
  return query
}

/**
 * `GET /v1/jobs`: one page of the caller's jobs (its API key's), newest first, each with the
 * same signed id `POST /v1/jobs` answered; `nextCursor` fetches the next page.
 */
export const listJobsRoute: RouteSpec = {
  method: 'get',
  path: '/v1/jobs',
  summary: "A page of the caller's jobs, newest first",
  operationId: 'listJobs',
  query: JobListQuerySchema,
  answer: { status: 200, description: 'A page of jobs', json: 'JobList' },
  problems: [400, 401, 501],
  handler: (ctx) => async (c) => {
    const owner = c.get('keyName')
    const params = parseJobListQuery(singleQuery(c))
    if (params.provider && !ctx.deps.adapters[params.provider]) {
      const offered = Object.keys(ctx.deps.adapters).join(', ') || 'none'
      const message = `is not a provider this gateway offers (offered: ${offered})`
      throw new InvalidInputError(`The job list query is not valid: provider ${message}.`, {
        issues: [{ path: 'provider', message }],
        call: 'list',
      })
    }
    const page = await ctx.jobs.list({ ...params, owner })
    const origin = publicBase(c, ctx)
    const secret = ctx.deps.config.tokenSecret
    const jobs = await Promise.all(
      page.jobs.map(async ({ job }) => {
        const token = await signJobToken(decodeHandle(job.id), owner, secret)
        return presentJob(job, token, origin, ctx)
      }),
    )
    return c.json({ jobs, nextCursor: page.nextCursor })
  },
}
