import { join } from 'node:path'
import {
  decodeHandle,
  type JobHandle,
  JobSchema,
  ProviderIdSchema,
  type StoredJob,
} from '@darkroom/core'
import { defaultDataDir, openSqliteStore, type SqlJobStore, StoreError } from '@darkroom/store'
import * as v from 'valibot'
import { importJsonHistory } from './json-import.js'

/** One job remembered between runs. */
export const HistoryEntrySchema = v.object({
  /** The connection the job belongs to (`demo:<seed>`, `direct`, `api:<url>`). */
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

/** How many jobs the history keeps: beyond it the oldest finished ones go, never unfinished ones. */
export const MAX_HISTORY_ENTRIES = 1000

/**
 * The directory of the terminal's state (history, demo emulators): `DARKROOM_STATE_DIR` when set
 * (the terminal's own variable, so it wins), else Darkroom's data directory (`defaultDataDir` of
 * `@darkroom/store`: `DARKROOM_DATA_DIR`, else `$XDG_STATE_HOME/darkroom` or
 * `~/.local/state/darkroom` on Linux, the application-data folder elsewhere).
 */
export function stateDir(
  env: Record<string, string | undefined>,
  platform: string = process.platform,
): string {
  return env.DARKROOM_STATE_DIR?.trim() || defaultDataDir(env, platform)
}

/** Where the history lives: `history.db` in {@link stateDir}. */
export function defaultHistoryPath(
  env: Record<string, string | undefined>,
  platform: string = process.platform,
): string {
  return join(stateDir(env, platform), 'history.db')
}

/**
 * The job history: the SQLite job store of `@darkroom/store`, one row per job, so processes
 * writing at once never lose one another's jobs. A file that is not the history (unreadable,
 * another program's, a directory, a pipe) is refused with a `StoreError` naming it and never
 * overwritten; a row that cannot be read back is skipped with a warning naming it.
 */
export class HistoryStore {
  private constructor(
    private readonly jobs: SqlJobStore,
    private readonly now: () => number,
  ) {}

  /** Where it lives. */
  get path(): string {
    return this.jobs.location
  }

  /**
   * Opens the history at `path` (a `.db` file; created when absent), importing once a JSON
   * history (`history.json`) beside it from earlier versions.
   */
  static async open(
    path: string,
    options: { onWarning: (message: string) => void; now?: () => number },
  ): Promise<HistoryStore> {
    const jobs = await openSqliteStore(path, {
      label: 'job history',
      onWarning: options.onWarning,
    })
    const store = new HistoryStore(jobs, options.now ?? Date.now)
    try {
      await importJsonHistory(join(path, '..', 'history.json'), store, options.onWarning)
    } catch (error) {
      await jobs.close()
      throw error
    }
    return store
  }

  /** Every readable entry of every connection, newest first (bad rows skipped with a warning). */
  async load(): Promise<HistoryEntry[]> {
    const entries: HistoryEntry[] = []
    for (const owner of await this.jobs.owners()) {
      let cursor: string | undefined
      do {
        const page = await this.jobs.list({ owner, limit: 500, cursor })
        entries.push(...page.jobs.map(toEntry))
        cursor = page.nextCursor ?? undefined
      } while (cursor)
    }
    return entries.sort((a, b) => (a.submittedAt < b.submittedAt ? 1 : -1))
  }

  /**
   * Writes an entry's latest snapshot, adding the job when no process has yet (then trimming the
   * history to {@link MAX_HISTORY_ENTRIES}, finished jobs only). Resolves true when it added it.
   */
  async save(entry: HistoryEntry): Promise<boolean> {
    const stored = toStored(entry, this.now())
    if (
      await this.jobs.update(stored.key, {
        snapshot: stored.snapshot,
        observedAt: stored.observedAt,
      })
    )
      return false
    try {
      await this.jobs.insert(stored)
    } catch (error) {
      // Another process added it between the two statements: its row takes the snapshot.
      if (!(StoreError.isInstance(error) && error.reason === 'duplicate')) throw error
      await this.jobs.update(stored.key, { snapshot: stored.snapshot })
      return false
    }
    await this.jobs.prune({ keep: MAX_HISTORY_ENTRIES })
    return true
  }

  /** Adds an entry unless its job is there already (an import never overwrites). */
  async add(entry: HistoryEntry): Promise<boolean> {
    try {
      await this.jobs.insert(toStored(entry, this.now()))
      return true
    } catch (error) {
      if (StoreError.isInstance(error) && error.reason === 'duplicate') return false
      throw error
    }
  }

  async close(): Promise<void> {
    await this.jobs.close()
  }
}

function handleOf(entry: HistoryEntry): JobHandle {
  const { provider, operation, providerJobId } = entry.job
  try {
    const handle = decodeHandle(entry.job.id)
    const same =
      handle.provider === provider &&
      handle.operation === operation &&
      handle.providerJobId === providerJobId
    if (same) return handle
  } catch {
    // A gateway's id is its own token, not a handle: the snapshot names the job.
  }
  return { provider, operation, providerJobId }
}

function epochMs(iso: string, fallback: number): number {
  const ms = Date.parse(iso)
  return Number.isSafeInteger(ms) && ms >= 0 ? ms : fallback
}

function toStored(entry: HistoryEntry, now: number): StoredJob {
  const submittedAt = epochMs(entry.submittedAt, now)
  return {
    key: entry.job.id,
    handle: handleOf(entry),
    owner: entry.scope,
    snapshot: entry.job,
    submittedAt,
    observedAt: epochMs(entry.job.observedAt, submittedAt),
    nextPollAt: null,
    polls: 0,
    errorsInARow: 0,
  }
}

function toEntry(job: StoredJob): HistoryEntry {
  return {
    scope: job.owner,
    provider: job.snapshot.provider,
    operation: job.snapshot.operation,
    submittedAt: new Date(job.submittedAt).toISOString(),
    job: job.snapshot,
  }
}
