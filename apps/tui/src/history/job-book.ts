import { isTerminalState, type Job } from '@darkroom/core'
import { type HistoryEntry, type HistoryStore, MAX_HISTORY_ENTRIES } from './history-store.js'

/**
 * The jobs this command knows about, newest first, persisted through a `HistoryStore`: each change
 * writes that job's row only, so other processes' jobs are never overwritten. Writes are
 * coalesced per job (at most one in flight; a burst of updates to a job costs one write).
 */
export class JobBook {
  #entries: HistoryEntry[]
  readonly #dirty = new Set<HistoryEntry>()
  #writing: Promise<void> | null = null

  constructor(
    private readonly store: Pick<HistoryStore, 'save'>,
    entries: HistoryEntry[],
    private readonly onError: (message: string) => void = () => undefined,
  ) {
    this.#entries = [...entries].sort((a, b) => (a.submittedAt < b.submittedAt ? 1 : -1))
  }

  /** Every entry, newest first. */
  all(): readonly HistoryEntry[] {
    return this.#entries
  }

  /** Entries of one connection scope. */
  inScope(scope: string): HistoryEntry[] {
    return this.#entries.filter((e) => e.scope === scope)
  }

  /** Unfinished jobs of a scope: the ones to resume watching. */
  unfinished(scope: string): HistoryEntry[] {
    return this.inScope(scope).filter((e) => !isTerminalState(e.job.state))
  }

  get(id: string): HistoryEntry | undefined {
    return this.#entries.find((e) => e.job.id === id)
  }

  /** Adds a job or updates its snapshot, then saves it. */
  upsert(scope: string, job: Job, submittedAt?: string): HistoryEntry {
    const existing = this.get(job.id)
    if (existing) {
      existing.job = job
      this.#save(existing)
      return existing
    }
    const entry: HistoryEntry = {
      scope,
      provider: job.provider,
      operation: job.operation,
      submittedAt: submittedAt ?? new Date().toISOString(),
      job,
    }
    this.#entries.unshift(entry)
    this.#trim()
    this.#save(entry)
    return entry
  }

  /** Resolves when every pending write is on disk. */
  async flush(): Promise<void> {
    while (this.#writing) await this.#writing
  }

  // The same cap as the store's: the oldest finished entries go, an unfinished one never.
  #trim(): void {
    let over = this.#entries.length - MAX_HISTORY_ENTRIES
    for (let i = this.#entries.length - 1; i >= 0 && over > 0; i--) {
      const entry = this.#entries[i] as HistoryEntry
      if (!isTerminalState(entry.job.state)) continue
      this.#entries.splice(i, 1)
      over -= 1
    }
  }

  #save(entry: HistoryEntry): void {
    this.#dirty.add(entry)
    if (this.#writing) return
    this.#writing = (async () => {
      while (this.#dirty.size > 0) {
        const batch = [...this.#dirty]
        this.#dirty.clear()
        for (const next of batch) {
          try {
            await this.store.save(next)
          } catch (error) {
            this.onError(
              `Could not save ${next.job.id} to the history: ${(error as Error).message}`,
            )
          }
        }
      }
      this.#writing = null
    })()
  }
}
