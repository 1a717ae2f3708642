import { resolve } from 'node:path'
import { isTerminalState, type Job } from '@darkroom/core'
import { UsageError } from '../connect.js'
import type { CommandContext } from './commands.js'
import { EXIT } from './exit-codes.js'
import { imageFileName, isDirectory, writeFiles } from './image-files.js'

/** Options of `darkroom image`. */
export interface ImageFlags {
  /** One image, 0-based. Default: every image of the job. */
  index?: string | undefined
  /**
   * Where to write: a directory (existing, or ending in `/`) gets `<provider-job-id>-<index>.<ext>` files, any
   * other path is the file for the one image, `-` is standard output. Relative to the directory
   * the command was started from. Default: that directory.
   */
  out?: string | undefined
  /** Overwrite existing files. Default false: an existing file is refused. */
  force?: boolean | undefined
}

/** `--out DIR` of `submit --wait` and `watch`: save the images of a succeeded job there. */
export interface SaveFlags {
  /** The directory for the images. Default: none, nothing is saved. */
  out?: string | undefined
  /** Overwrite existing files. Default false. */
  force?: boolean | undefined
}

/** Refuses `--out -` where standard output already carries the job. */
export function checkSaveFlags(flags: SaveFlags): void {
  if (flags.out?.trim() === '-')
    throw new UsageError(
      '--out - is for `darkroom image ID --out -`: here standard output carries the job; give a directory.',
    )
  if (flags.out?.trim() === '') throw new UsageError('--out needs a directory, e.g. --out images.')
}

/** The images to fetch: all of the job's, or the one `--index` names. */
function pickIndexes(job: Job, index: string | undefined): number[] {
  const all = job.images.map((image) => image.index)
  if (index === undefined) return all
  const n = /^\d+$/.test(index.trim()) ? Number(index) : Number.NaN
  if (!all.includes(n))
    throw new UsageError(
      `--index must be one of ${all.join(', ')} (the job has ${all.length} image${all.length === 1 ? '' : 's'}), got "${index}".`,
    )
  return [n]
}

/** Null when the job has images to take; otherwise why not, and the exit code to end with. */
function notReady(job: Job): { code: number; message: string } | null {
  if (job.state === 'succeeded')
    return job.images.length > 0
      ? null
      : { code: EXIT.error, message: `${job.id} succeeded without images.` }
  if (isTerminalState(job.state))
    return {
      code: EXIT.jobFailed,
      message: `${job.id} has no images: it ${job.state}${job.error ? ` (${job.error.code}: ${job.error.message})` : ''}.`,
    }
  throw new UsageError(
    `${job.id} is still ${job.state}; \`darkroom watch ${job.id} --out DIR\` waits for it and saves its images.`,
  )
}

async function fetchImages(ctx: CommandContext, job: Job, indexes: number[]) {
  const images = []
  for (const index of indexes) {
    const image = await ctx.connection.client.jobs.image(job.id, index)
    images.push({ index, ...image, name: imageFileName(job.providerJobId, index, image.mimeType) })
  }
  return images
}

/**
 * Saves every image of a finished job into `dir` (relative to where the command was started),
 * as `submit --wait --out DIR` and `watch --out DIR` do; says each path on stderr. A job that did
 * not succeed has nothing to save: its exit code already says so.
 */
export async function saveJobImages(
  ctx: CommandContext,
  job: Job,
  dir: string,
  force: boolean,
): Promise<void> {
  if (job.state !== 'succeeded' || job.images.length === 0) return
  const folder = resolve(ctx.startDir, dir)
  const images = await fetchImages(ctx, job, pickIndexes(job, undefined))
  const files = images.map((image) => ({ path: resolve(folder, image.name), bytes: image.bytes }))
  await writeFiles(files, force)
  for (const file of files) ctx.io.err(`saved ${file.path}`)
}

/** `image ID`: writes the job's images to files (their paths on stdout) or one to stdout. */
export async function imageCommand(
  ctx: CommandContext,
  id: string,
  flags: ImageFlags,
): Promise<number> {
  const job = await ctx.connection.client.jobs.get(id)
  ctx.book.upsert(ctx.connection.scope, job)
  const problem = notReady(job)
  if (problem) {
    ctx.io.err(`darkroom: ${problem.message}`)
    return problem.code
  }
  const indexes = pickIndexes(job, flags.index)
  const out = flags.out ?? '.'
  if (out === '-') {
    if (indexes.length !== 1)
      throw new UsageError(
        `--out - writes one image, and ${job.id} has ${indexes.length}: add --index N (one of ${indexes.join(', ')}).`,
      )
    const [image] = await fetchImages(ctx, job, indexes)
    if (image) await ctx.io.bytes(image.bytes)
    return EXIT.ok
  }
  const target = resolve(ctx.startDir, out)
  const toDirectory = /[/\\]$/.test(out) || (await isDirectory(target))
  if (!toDirectory && indexes.length !== 1)
    throw new UsageError(
      `${job.id} has ${indexes.length} images, so --out must be a directory: end it with / to create one (--out ${out}/), or pick one image with --index N.`,
    )
  const images = await fetchImages(ctx, job, indexes)
  const files = images.map((image) => ({
    index: image.index,
    mimeType: image.mimeType,
    path: toDirectory ? resolve(target, image.name) : target,
    bytes: image.bytes,
  }))
  await writeFiles(files, flags.force === true)
  ctx.io.out(
    ctx.json
      ? JSON.stringify(files.map(({ index, mimeType, path }) => ({ index, mimeType, path })))
      : files.map((f) => f.path).join('\n'),
  )
  return EXIT.ok
}
