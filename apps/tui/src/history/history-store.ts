import { mkdir, readFile, rename } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { JobSchema, ProviderIdSchema } from '@darkroom/core'
import { defaultDataDir } from '@darkroom/store'
import * as v from 'valibot'
import writeFileAtomic from 'write-file-atomic'

/** One job remembered between runs. */
export const HistoryEntrySchema = v.object({
  /** The connection the job belongs to (`demo:<run>`, `direct`, `api:<url>`). */
  scope: v.string(),
  provider: ProviderIdSchema,
  operation: v.string(),
  /** When it was submitted here (or imported), ISO 8601. */
  submittedAt: v.string(),
  /** The latest snapshot. */
  job: JobSchema,
})
/** One job remembered between runs. */
export type HistoryEntry = v.InferOutput<typeof HistoryEntrySchema>

const HistoryFileSchema = v.object({ version: v.literal(1), jobs: v.array(HistoryEntrySchema) })

/** What loading found. */
export interface LoadedHistory {
  entries: HistoryEntry[]
  /** Set when the file was unreadable and was moved aside. */
  warning: string | null
}

/**
 * Where history lives: `history.json` in `DARKROOM_STATE_DIR` when set (the terminal's own
 * variable, so it wins), else in Darkroom's data directory (`defaultDataDir` of
 * `@darkroom/store`: `DARKROOM_DATA_DIR`, else `$XDG_STATE_HOME/darkroom` or
 * `~/.local/state/darkroom` on Linux, the application-data folder elsewhere).
 */
export function defaultHistoryPath(
  env: Record<string, string | undefined>,
  platform: string = process.platform,
): string {
  return join(env.DARKROOM_STATE_DIR?.trim() || defaultDataDir(env, platform), 'history.json')
}

/**
 * The job history file: validated on load (a corrupt file is set aside, never fatal) and written
 * atomically (a crash mid-write never leaves half a file).
 */
export class HistoryStore {
  constructor(
    readonly path: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async load(): Promise<LoadedHistory> {
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], warning: null }
      return {
        entries: [],
        warning: `Could not read the history at ${this.path}: ${(error as Error).message}`,
      }
    }
    let parsed: v.SafeParseResult<typeof HistoryFileSchema> | null = null
    try {
      parsed = v.safeParse(HistoryFileSchema, JSON.parse(text))
    } catch {
      parsed = null
    }
    if (parsed?.success) return { entries: parsed.output.jobs, warning: null }
    const aside = `${this.path}.corrupt-${this.now().toISOString().replaceAll(':', '-')}`
    try {
      await rename(this.path, aside)
    } catch (error) {
      return {
        entries: [],
        warning: `The history at ${this.path} is unreadable and could not be moved aside (${(error as Error).message}).`,
      }
    }
    return {
      entries: [],
      warning: `The history file was unreadable; it was moved to ${aside} and a new one started.`,
    }
  }

  async save(entries: HistoryEntry[]): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true })
    await writeFileAtomic(
      this.path,
      `${JSON.stringify({ version: 1, jobs: entries }, null, 1)}\n`,
      { mode: 0o600 },
    )
  }
}
