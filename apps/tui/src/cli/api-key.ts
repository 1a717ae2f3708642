import { UsageError } from '../connect.js'

/** Where the gateway's API key can come from, in the order they are tried. */
export interface KeySources {
  /** `--api URL`, if given. */
  api: string | undefined
  /** `--key KEY`; `-` reads it from standard input. */
  key: string | undefined
  env: Record<string, string | undefined>
  /** Standard input, whole; null when it is a terminal (a typed key would be shown). */
  readStdin(): Promise<string | null>
}

const HOW =
  'DARKROOM_API_KEY=KEY in the environment, --key - to read it from standard input, or --key KEY ("demo" for a demo gateway)'

/**
 * The gateway's API key: `--key -` (standard input, one trailing newline dropped), else
 * `--key KEY` (visible to other users in `ps`), else `DARKROOM_API_KEY` when `--api` is given.
 * Without `--api` the key is left for `connect` to refuse; the variable alone means nothing,
 * so a key kept in a shell profile does not stop demo or direct mode. The key is never echoed.
 */
export async function resolveApiKey(sources: KeySources): Promise<string | undefined> {
  const { api, key, env } = sources
  if (key === '-') {
    const text = await sources.readStdin()
    if (text === null)
      throw new UsageError(
        '--key - reads the key from standard input, which is a terminal here: pipe it in (--key - < key.txt) or set DARKROOM_API_KEY.',
      )
    const read = text.replace(/\r?\n$/, '')
    if (read.trim() === '')
      throw new UsageError('--key - read an empty key from standard input: pipe the key in.')
    return read
  }
  if (key !== undefined) return key
  if (api === undefined) return undefined
  const fromEnv = env.DARKROOM_API_KEY
  if (fromEnv?.trim()) return fromEnv.trim()
  throw new UsageError(`--api needs the gateway's API key: ${HOW}.`)
}
