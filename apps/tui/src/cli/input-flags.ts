import { UsageError } from '../connect.js'

/** The shared input names that have their own flags (the rest go in --input JSON). */
export interface InputFlags {
  input?: string | undefined
  prompt?: string | undefined
  negativePrompt?: string | undefined
  seed?: string | undefined
  count?: string | undefined
  width?: string | undefined
  height?: string | undefined
  imageUrl?: string[] | undefined
}

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  if (!/^-?\d+$/.test(value.trim()))
    throw new UsageError(`--${name} must be a whole number, got "${value}".`)
  return Number(value)
}

/**
 * Builds an operation's input from `--input JSON` plus the shared flags (flags win). Image URLs go
 * to `imageUrls` (a list) or `imageUrl` (one), whichever the operation's schema has.
 */
export function inputFromFlags(
  flags: InputFlags,
  schema: Record<string, unknown> | undefined,
): Record<string, unknown> {
  let input: Record<string, unknown> = {}
  if (flags.input !== undefined) {
    let parsed: unknown
    try {
      parsed = JSON.parse(flags.input)
    } catch (error) {
      throw new UsageError(
        `--input is not valid JSON (${(error as Error).message}); quote it, e.g. --input '{"steps":30}'.`,
      )
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new UsageError('--input must be a JSON object, e.g. --input \'{"steps":30}\'.')
    }
    input = parsed as Record<string, unknown>
  }
  const set = (key: string, value: unknown) => {
    if (value !== undefined) input[key] = value
  }
  set('prompt', flags.prompt)
  set('negativePrompt', flags.negativePrompt)
  set('seed', integer('seed', flags.seed))
  set('count', integer('count', flags.count))
  set('width', integer('width', flags.width))
  set('height', integer('height', flags.height))
  if (flags.imageUrl && flags.imageUrl.length > 0) {
    const properties = (schema?.properties ?? {}) as Record<string, unknown>
    if ('imageUrls' in properties) input.imageUrls = flags.imageUrl
    else if (flags.imageUrl.length > 1)
      throw new UsageError('This operation takes one --image-url.')
    else input.imageUrl = flags.imageUrl[0]
  }
  return input
}
