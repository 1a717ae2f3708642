import { IndexedHeap } from './indexed-heap.js'
import type { LagWidening } from './lag-widening.js'
import type { TokenBucket } from './token-bucket.js'

/** What the queue needs of a job; the tracker sets the times before `schedule`. */
export interface QueuedJob {
  /** Which budget (lane) the job's polls draw on. */
  lane: string
  /** From this on the job may be polled with budget that would otherwise go unused (epoch ms). */
  softDueAt: number
  /** From this on the job is polled as soon as its budget allows (epoch ms). */
  dueAt: number
  /** When the job fails unless it ends first (epoch ms). */
  deadline: number
  /** Order of adding: ties go to the older job, as a stable sort would have it. */
  seq: number
  /** The next time the queue looks at the job while it sleeps (epoch ms); the queue sets it. */
  wakeAt: number
}

/** One provider's budget and its heaps of due and idle-due jobs. */
export interface Lane<J extends QueuedJob = QueuedJob> {
  bucket: TokenBucket
  widening: LagWidening
  due: IndexedHeap<J>
  idle: IndexedHeap<J>
}

const earlier = (key: (j: QueuedJob) => number) => (a: QueuedJob, b: QueuedJob) =>
  key(a) < key(b) || (key(a) === key(b) && a.seq < b.seq)
const byDue = earlier((j) => j.dueAt)

/**
 * The tracker's schedule, in heaps only, so nothing per poll costs more than a logarithm of the
 * jobs held: sleeping jobs by the next time to look at them, every queued job by deadline, and
 * per lane (provider budget) the due jobs and the idle-due ones (past `softDueAt`, not yet
 * `dueAt`), longest due first. A job in flight is in none of them. The order depends only on
 * each job's own times, never on the clock, which is what lets heaps hold it.
 */
export class PollQueue<J extends QueuedJob> {
  readonly #sleeping = new IndexedHeap<J>(earlier((j) => j.wakeAt))
  readonly #deadlines = new IndexedHeap<J>(earlier((j) => j.deadline))
  readonly #lanes = new Map<string, Lane<J>>()

  /** Adds a lane drawing on `bucket`, widened by `widening`. */
  addLane(name: string, bucket: TokenBucket, widening: LagWidening): void {
    const due = new IndexedHeap<J>(byDue)
    this.#lanes.set(name, { bucket, widening, due, idle: new IndexedHeap<J>(byDue) })
  }

  /** The lane a job draws on. */
  lane(job: J): Lane<J> {
    return this.#lanes.get(job.lane) as Lane<J>
  }

  /** Queues a job that is neither queued nor in flight, its times already set. */
  schedule(job: J): void {
    job.wakeAt = job.softDueAt
    this.#sleeping.push(job)
    this.#deadlines.push(job)
  }

  /** Takes a job out of every heap (to poll it, or because it is gone). */
  remove(job: J): void {
    this.#sleeping.delete(job)
    this.#deadlines.delete(job)
    const lane = this.#lanes.get(job.lane)
    lane?.due.delete(job)
    lane?.idle.delete(job)
  }

  /** Queued jobs whose deadline has come, taken out. */
  expired(now: number): J[] {
    const out: J[] = []
    for (let j = this.#deadlines.peek(); j && j.deadline <= now; j = this.#deadlines.peek()) {
      this.remove(j)
      out.push(j)
    }
    return out
  }

  /** Moves the jobs whose times have come into their lanes' heaps. */
  advance(now: number): void {
    for (let j = this.#sleeping.peek(); j && j.wakeAt <= now; j = this.#sleeping.peek()) {
      this.#sleeping.delete(j)
      const lane = this.lane(j)
      if (j.dueAt <= now) {
        lane.idle.delete(j)
        lane.due.push(j)
      } else {
        lane.idle.push(j)
        j.wakeAt = j.dueAt
        this.#sleeping.push(j)
      }
    }
  }

  /**
   * The job to poll now, its lane's token taken: the longest due across lanes with a token,
   * else (with `idle`) the longest idle-due one of a lane with nothing due. Null when none can
   * go now; {@link nextTokenAt} then says when a token comes.
   */
  take(now: number, idle: boolean): J | null {
    let best: { job: J; lane: Lane<J>; due: boolean } | null = null
    for (const lane of this.#lanes.values()) {
      const job = lane.due.peek() ?? (idle ? lane.idle.peek() : undefined)
      if (!job || lane.bucket.msUntilToken(now) > 0) continue
      const due = job.dueAt <= now
      if (!best || (due && !best.due) || (due === best.due && byDue(job, best.job)))
        best = { job, lane, due }
    }
    if (!best) return null
    best.lane.bucket.tryTake(now)
    if (best.due) best.lane.widening.waited(best.job.dueAt, now)
    this.remove(best.job)
    return best.job
  }

  /** When something next changes by itself: a job wakes or a deadline comes. */
  nextAt(): number {
    return Math.min(
      this.#sleeping.peek()?.wakeAt ?? Number.POSITIVE_INFINITY,
      this.#deadlines.peek()?.deadline ?? Number.POSITIVE_INFINITY,
    )
  }

  /** When a lane holding work (due, or idle-due with `idle`) next gets a token. */
  nextTokenAt(now: number, idle: boolean): number {
    let at = Number.POSITIVE_INFINITY
    for (const lane of this.#lanes.values()) {
      if (lane.due.size > 0 || (idle && lane.idle.size > 0))
        at = Math.min(at, now + lane.bucket.msUntilToken(now))
    }
    return at
  }

  /** Drops every queued job. */
  clear(): void {
    for (const j of [...this.#deadlines.values()]) this.remove(j)
  }
}
