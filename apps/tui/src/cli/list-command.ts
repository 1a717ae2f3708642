import type { JobListOptions } from '@darkroom/client'
import type { Job, JobState, ProviderId } from '@darkroom/core'
import { UsageError } from '../connect.js'
import type { CommandContext } from './commands.js'
import { EXIT } from './exit-codes.js'
import { describeJob, shortId } from './format.js'

/** The flags of `list`; all but `--json` (a global flag) page through a gateway's job list. */
export interface ListFlags {
  /** Only jobs in this state (commander checks it is one). */
  state?: JobState | undefined
  /** Only jobs of this provider (commander checks it is one). */
  provider?: ProviderId | undefined
  /** At most this many, as typed; the gateway allows 1 to 100 (default 20). */
  limit?: string | undefined
  /** The cursor a previous `list --api` printed. */
  cursor?: string | undefined
}

function line(when: string, job: Job): string {
  return `${when}  ${shortId(job)}  ${describeJob(job)}\n  ${job.id}`
}

/**
 * `list`: with `--api`, a page of the gateway's jobs of this key (`jobs.list`), newest first,
 * and the cursor of the next; else the jobs of this connection from the local history.
 */
export async function listCommand(ctx: CommandContext, flags: ListFlags = {}): Promise<number> {
  if (ctx.connection.mode === 'api') return listGateway(ctx, flags)
  const given = (['state', 'provider', 'limit', 'cursor'] as const).filter((f) => flags[f])
  if (given.length > 0) {
    throw new UsageError(
      `${given.map((f) => `--${f}`).join(', ')} page through a gateway's job list, so they need --api URL; without it, list shows this machine's history whole.`,
    )
  }
  const entries = ctx.book.inScope(ctx.connection.scope)
  if (ctx.json) {
    ctx.io.out(JSON.stringify(entries.map((e) => e.job)))
    return EXIT.ok
  }
  if (entries.length === 0) {
    ctx.io.out(
      'No jobs yet. Submit one with `darkroom submit` or open the dashboard with `darkroom`.',
    )
    return EXIT.ok
  }
  for (const entry of entries) ctx.io.out(line(entry.submittedAt, entry.job))
  return EXIT.ok
}

async function listGateway(ctx: CommandContext, flags: ListFlags): Promise<number> {
  const query: JobListOptions = {
    state: flags.state,
    provider: flags.provider,
    cursor: flags.cursor,
  }
  if (flags.limit !== undefined) {
    // The range is the gateway's to say (the client checks it); here only that it is a number.
    if (!/^\d+$/.test(flags.limit))
      throw new UsageError(`--limit must be a whole number of jobs, got "${flags.limit}".`)
    query.limit = Number(flags.limit)
  }
  const page = await ctx.connection.client.jobs.list(query)
  // Listed jobs join the history, as `status` does, so the dashboard shows them too.
  for (const job of page.jobs) ctx.book.upsert(ctx.connection.scope, job)
  if (ctx.json) {
    ctx.io.out(JSON.stringify(page))
    return EXIT.ok
  }
  if (page.jobs.length === 0) {
    ctx.io.out(flags.cursor ? 'No more jobs.' : 'No jobs of this API key on the gateway match.')
  }
  for (const job of page.jobs) ctx.io.out(line(job.createdAt ?? job.observedAt, job))
  if (page.nextCursor !== null)
    ctx.io.out(`next page: darkroom list --api … --cursor ${page.nextCursor}`)
  return EXIT.ok
}
