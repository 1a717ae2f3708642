import { untypedRequest } from '@darkroom/client'
import { isTerminalState, type Job, PROVIDER_IDS } from '@darkroom/core'
import type { Connection } from '../connect.js'
import { UsageError } from '../connect.js'
import type { JobBook } from '../history/job-book.js'
import { EXIT } from './exit-codes.js'
import { describeJob, shortId } from './format.js'
import { checkSaveFlags, type SaveFlags, saveJobImages } from './image-command.js'
import { type InputFlags, inputFromFlags } from './input-flags.js'
import type { Io } from './io.js'

/** What every subcommand gets. */
export interface CommandContext {
  connection: Connection
  book: JobBook
  io: Io
  json: boolean
  /** Where the user started the command: relative `--out` paths start here. */
  startDir: string
}

function exitFor(job: Job): number {
  return job.state === 'succeeded' ? EXIT.ok : isTerminalState(job.state) ? EXIT.jobFailed : EXIT.ok
}

function print(ctx: CommandContext, job: Job): void {
  ctx.io.out(ctx.json ? JSON.stringify(job) : `${job.id}\n${describeJob(job)}`)
}

async function follow(ctx: CommandContext, id: string, signal?: AbortSignal): Promise<Job> {
  const scope = ctx.connection.scope
  return ctx.connection.client.jobs.wait(id, {
    signal,
    onUpdate: (job) => {
      ctx.book.upsert(scope, job)
      ctx.io.err(`${shortId(job)}  ${describeJob(job)}`)
    },
  })
}

/** `submit`: validates flags and input, submits, and with `--wait` follows the job to its end. */
export async function submitCommand(
  ctx: CommandContext,
  options: InputFlags & SaveFlags & { provider?: string; operation?: string; wait?: boolean },
  signal?: AbortSignal,
): Promise<number> {
  checkSaveFlags(options)
  if (options.out !== undefined && !options.wait)
    throw new UsageError('--out saves the images once the job is done, so it needs --wait.')
  if (!options.provider)
    throw new UsageError(`submit needs --provider (${PROVIDER_IDS.join(', ')}).`)
  if (!options.operation)
    throw new UsageError(
      "submit needs --operation (see `darkroom submit --help` for each provider's).",
    )
  const providers = await ctx.connection.client.providers.list()
  const provider = providers.find((p) => p.id === options.provider)
  if (!provider)
    throw new UsageError(
      `--provider "${options.provider}" is not available here (available: ${providers.map((p) => p.id).join(', ')}).`,
    )
  const operation = provider.operations.find((o) => o.name === options.operation)
  if (!operation) {
    throw new UsageError(
      `${provider.id} has no operation "${options.operation}" (operations: ${provider.operations.map((o) => o.name).join(', ')}).`,
    )
  }
  const input = inputFromFlags(options, operation.inputSchema)
  // Flags name the operation at run time: an untyped request, checked by the transport.
  const job = await ctx.connection.client.jobs.create(
    untypedRequest({ provider: provider.id, operation: operation.name, input }),
    { signal },
  )
  ctx.book.upsert(ctx.connection.scope, job)
  if (!options.wait) {
    print(ctx, job)
    return EXIT.ok
  }
  if (!ctx.json) ctx.io.err(`submitted ${job.id}`)
  const final = await follow(ctx, job.id, signal)
  print(ctx, final)
  if (options.out !== undefined)
    await saveJobImages(ctx, final, options.out, options.force === true)
  return exitFor(final)
}

/** `status ID`: one fresh snapshot. */
export async function statusCommand(ctx: CommandContext, id: string): Promise<number> {
  const job = await ctx.connection.client.jobs.get(id)
  ctx.book.upsert(ctx.connection.scope, job)
  print(ctx, job)
  return EXIT.ok
}

/** `watch ID`: progress on stderr until the end; the final Job on stdout. */
export async function watchCommand(
  ctx: CommandContext,
  id: string,
  options: SaveFlags = {},
  signal?: AbortSignal,
): Promise<number> {
  checkSaveFlags(options)
  const final = await follow(ctx, id, signal)
  print(ctx, final)
  if (options.out !== undefined)
    await saveJobImages(ctx, final, options.out, options.force === true)
  return exitFor(final)
}
