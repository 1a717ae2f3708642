import type { DarkroomClient } from '@darkroom/client'
import { DarkroomError, isTerminalState, type Job } from '@darkroom/core'
import type { HistoryEntry } from '../history/history-store.js'
import type { JobBook } from '../history/job-book.js'

/** A job as the dashboard shows it. */
export interface JobView {
  entry: HistoryEntry
  /** Shown instead of a crash: the watch failed but is being retried. */
  retrying: string | null
  /** The watch ended with an error that retrying cannot fix. */
  failure: string | null
  /** False for jobs from an earlier demo run: their emulator is gone. */
  live: boolean
}

/** Options of {@link JobsController}. */
export interface JobsControllerOptions {
  client: DarkroomClient
  book: JobBook
  scope: string
  /** Longest time between a change and the redraw that shows it. Default 100 ms. */
  flushMs?: number
  /** Wait before re-watching after a transient failure. Default 3000 ms. */
  retryMs?: number
}

/**
 * Watches every unfinished job and tells the UI about changes at most once per `flushMs`: with
 * 200 jobs updating, the dashboard redraws ten times a second, not two hundred.
 */
export class JobsController {
  readonly #views = new Map<string, JobView>()
  readonly #listeners = new Set<() => void>()
  readonly #aborts = new Map<string, AbortController>()
  #timer: ReturnType<typeof setTimeout> | null = null
  #closed = false
  #version = 0
  #snapshot: JobView[] = []

  constructor(private readonly options: JobsControllerOptions) {
    for (const entry of options.book.all()) {
      this.#views.set(entry.job.id, {
        entry,
        retrying: null,
        failure: null,
        live: entry.scope === options.scope,
      })
    }
    this.#rebuild()
  }

  /** Starts watching every unfinished job of this connection (on start: resume). */
  resume(): void {
    for (const entry of this.options.book.unfinished(this.options.scope)) this.#watch(entry.job.id)
  }

  /** The jobs, newest first; the same array until something changes. */
  snapshot(): JobView[] {
    return this.#snapshot
  }

  get version(): number {
    return this.#version
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Adds a job (just submitted or imported) and watches it. */
  add(job: Job): void {
    const entry = this.options.book.upsert(this.options.scope, job)
    this.#views.set(job.id, { entry, retrying: null, failure: null, live: true })
    this.#changed(true)
    if (!isTerminalState(job.state)) this.#watch(job.id)
  }

  close(): void {
    this.#closed = true
    for (const controller of this.#aborts.values()) controller.abort()
    if (this.#timer) clearTimeout(this.#timer)
  }

  #watch(id: string): void {
    if (this.#aborts.has(id) || this.#closed) return
    const controller = new AbortController()
    this.#aborts.set(id, controller)
    const run = async () => {
      try {
        for await (const job of this.options.client.jobs.watch(id, { signal: controller.signal })) {
          this.#update(id, { job, retrying: null, failure: null })
        }
        this.#aborts.delete(id)
      } catch (error) {
        if (controller.signal.aborted) return
        const message = error instanceof Error ? error.message : String(error)
        if (DarkroomError.isInstance(error) && error.retryable) {
          this.#update(id, { retrying: message })
          setTimeout(() => {
            this.#aborts.delete(id)
            this.#watch(id)
          }, this.options.retryMs ?? 3000)
        } else {
          this.#aborts.delete(id)
          this.#update(id, { failure: message, retrying: null })
        }
      }
    }
    void run()
  }

  #update(
    id: string,
    patch: { job?: Job; retrying?: string | null; failure?: string | null },
  ): void {
    const view = this.#views.get(id)
    if (!view) return
    if (patch.job) view.entry = this.options.book.upsert(this.options.scope, patch.job)
    this.#views.set(id, {
      ...view,
      ...('retrying' in patch && { retrying: patch.retrying ?? null }),
      ...('failure' in patch && { failure: patch.failure ?? null }),
      entry: view.entry,
    })
    this.#changed(false)
  }

  #changed(now: boolean): void {
    if (now) {
      this.#flush()
      return
    }
    this.#timer ??= setTimeout(() => this.#flush(), this.options.flushMs ?? 100)
  }

  #flush(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
    this.#rebuild()
    for (const listener of this.#listeners) listener()
  }

  #rebuild(): void {
    this.#version += 1
    this.#snapshot = [...this.#views.values()].sort((a, b) =>
      a.entry.submittedAt < b.entry.submittedAt ? 1 : -1,
    )
  }
}
