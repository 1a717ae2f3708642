import type { Job } from '../model/job.js'
import { snapshotChanged } from './snapshot.js'

/**
 * One watcher of a tracked job: the latest snapshot it has not taken yet, or how it ended. The
 * tracker hands each changed snapshot to every watcher of the job; a watcher that is slow to take
 * them keeps only the latest (a terminal snapshot is always the last one handed over, so
 * coalescing never skips it). Nothing is buffered beyond one snapshot per watcher.
 */
export class JobWatcher {
  #pending: Job | null = null
  /** The snapshot a caller already held (`initial`), so the same one is not handed over twice. */
  #seed: Job | null = null
  #ended = false
  #error: unknown = undefined
  #urgent = false
  #wake: (() => void) | null = null

  /** Starts from a snapshot that did not come from the tracker (the caller's `initial`). */
  seed(job: Job): void {
    this.#seed = job
    this.deliver(job)
  }

  /** A changed snapshot of the job: replaces any the watcher has not taken yet. */
  deliver(job: Job): void {
    if (this.#seed && this.#seed !== job && !snapshotChanged(this.#seed, job)) return
    if (this.#seed !== job) this.#seed = null
    this.#pending = job
    this.#notify()
  }

  /**
   * Ends the watcher with `error`. `urgent` (its own abort or deadline) ends it at once; otherwise
   * (the job's fatal error) the snapshot it has not taken yet is handed over first.
   */
  end(error: unknown, urgent: boolean): void {
    if (this.#ended) return
    this.#ended = true
    this.#error = error
    this.#urgent = urgent
    this.#notify()
  }

  /** The next snapshot, once there is one; throws how the watcher ended once there is none. */
  async next(): Promise<Job> {
    while (true) {
      if (this.#ended && (this.#urgent || !this.#pending)) throw this.#error
      const job = this.#pending
      if (job) {
        this.#pending = null
        return job
      }
      await new Promise<void>((resolve) => {
        this.#wake = resolve
      })
    }
  }

  #notify(): void {
    const wake = this.#wake
    this.#wake = null
    wake?.()
  }
}
