import type { Clock } from '../clock/clock.js'
import { isTerminalState, type Job } from '../model/job.js'
import type { TrackerEvent } from '../polling/tracker-options.js'
import type { JobStore, StoredJobUpdate } from '../store/job-store.js'
import { fatalSnapshot } from './fatal-snapshot.js'
import type { HubWebhooks } from './hub-webhooks.js'
import { storableSnapshot } from './storable-snapshot.js'
import type { WriteQueue } from './write-queue.js'

/**
 * Writes what the tracker tells a hub into its store, per job in order (the hub's write queue):
 * every poll's outcome, with the webhook deliveries its snapshot produces in the same write, and
 * a job given up with a fatal error as failed (see `fatalSnapshot`). A key not stored is a no-op.
 */
export class HubRecorder {
  readonly #store: JobStore
  readonly #clock: Clock
  readonly #writes: WriteQueue
  readonly #webhooks: HubWebhooks

  constructor(options: {
    store: JobStore
    clock: Clock
    writes: WriteQueue
    webhooks: HubWebhooks
  }) {
    this.#store = options.store
    this.#clock = options.clock
    this.#writes = options.writes
    this.#webhooks = options.webhooks
  }

  /** The tracker's listener. */
  record(event: TrackerEvent): void {
    if (event.type === 'error') {
      this.#recordFatal(event.id, event.error)
      return
    }
    if (event.type !== 'polled') return
    const { id, job, polls, errorsInARow, nextPollAt } = event
    const now = this.#clock.now()
    const update = job
      ? { snapshot: storableSnapshot(job), observedAt: now, nextPollAt, polls, errorsInARow }
      : { nextPollAt, polls, errorsInARow }
    void this.#writes.run(id, () => this.#write(id, job, update, now), false)
  }

  /**
   * A job the tracker gave up with a fatal error is recorded as failed, so it is not resumed,
   * and retried, at every start; a credential error leaves it unfinished.
   */
  #recordFatal(id: string, error: unknown): void {
    const writeFailed = async () => {
      const stored = await this.#store.get(id)
      if (!stored || isTerminalState(stored.snapshot.state)) return false
      const now = this.#clock.now()
      const failed = fatalSnapshot(stored.snapshot, error, new Date(now).toISOString())
      if (!failed) return false
      return this.#write(id, failed, { snapshot: failed, observedAt: now, nextPollAt: null }, now)
    }
    void this.#writes.run(id, writeFailed, false)
  }

  /** One write: the update, and the events its snapshot produces, in one transaction. */
  async #write(id: string, job: Job | null, update: StoredJobUpdate, now: number) {
    const deliveries = job ? this.#webhooks.deliveriesFor(id, job, now) : []
    const written = await this.#store.update(id, update, deliveries)
    if (written && deliveries.length > 0) this.#webhooks.onEnqueued()
    return written
  }
}
