import { isTerminalState, type Job } from '@darkroom/core'
import type { HistoryEntry, HistoryStore } from './history-store.js'

/** How many jobs the history keeps (oldest finished ones are dropped first). */
const MAX_ENTRIES = 1000

/**
 * The jobs this command knows about, newest first, persisted through a `HistoryStore`. Writes are
 * coalesced (at most one in flight, one pending) so a burst of updates costs one write.
 */
export class JobBook {
  #entries: HistoryEntry[]
  #writing: Promise<void> | null = null
  #dirty = false

  constructor(
    private readonly store: HistoryStore,
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

  /** Adds a job or updates its snapshot, then saves. */
  upsert(scope: string, job: Job, submittedAt?: string): HistoryEntry {
    const existing = this.get(job.id)
    if (existing) {
      existing.job = job
      this.#save()
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
    if (this.#entries.length > MAX_ENTRIES) this.#entries.splice(MAX_ENTRIES)
    this.#save()
    return entry
  }

  /** Resolves when every pending write is on disk. */
  async flush(): Promise<void> {
    while (this.#writing) await this.#writing
  }

  #save(): void {
    this.#dirty = true
    if (this.#writing) return
    this.#writing = (async () => {
      while (this.#dirty) {
        this.#dirty = false
        try {
          await this.store.save(this.#entries)
        } catch (error) {
          this.onError(`Could not save the history: ${(error as Error).message}`)
        }
      }
      this.#writing = null
    })()
  }
}
