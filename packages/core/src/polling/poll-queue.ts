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
}

/** One provider's budget and its queued jobs: all by due time, those worth an idle token by soft due time. */
export interface Lane<J extends QueuedJob = QueuedJob> {
  bucket: TokenBucket
  widening: LagWidening
  byDue: IndexedHeap<J>
  bySoft: IndexedHeap<J>
}

const earlier = (key: (j: QueuedJob) => number) => (a: QueuedJob, b: QueuedJob) =>
  key(a) < key(b) || (key(a) === key(b) && a.seq < b.seq)

/** The most a due poll waits for the tokens of a pair beyond its own (ms). */
const BATCH_SLACK_MS = 10

/**
 * The tracker's schedule, in heaps only, so nothing per poll costs more than a logarithm of the
 * jobs held: every queued job by deadline, and per lane (provider budget) every queued job by
 * due time and those worth an idle token (soft due before due) by soft due time. A job in
 * flight is in none of them. The order depends only on each job's own times, never on the
 * clock, which is what lets heaps hold it: the top of a lane is the job due the longest.
 */
export class PollQueue<J extends QueuedJob> {
  #deadlines = new IndexedHeap<J>(earlier((j) => j.deadline))
  readonly #lanes = new Map<string, Lane<J>>()

  /** Adds a lane drawing on `bucket`, widened by `widening`. */
  addLane(name: string, bucket: TokenBucket, widening: LagWidening): void {
    const byDue = new IndexedHeap<J>(earlier((j) => j.dueAt))
    this.#lanes.set(name, {
      bucket,
      widening,
      byDue,
      bySoft: new IndexedHeap<J>(earlier((j) => j.softDueAt)),
    })
  }

  /** The lane a job draws on. */
  lane(job: J): Lane<J> {
    return this.#lanes.get(job.lane) as Lane<J>
  }

  /** Queues a job that is neither queued nor in flight, its times already set. */
  schedule(job: J): void {
    const lane = this.lane(job)
    lane.byDue.push(job)
    if (job.softDueAt < job.dueAt) lane.bySoft.push(job)
    this.#deadlines.push(job)
  }

  /** Takes a job out of every heap (to poll it, or because it is gone). */
  remove(job: J): void {
    const lane = this.lane(job)
    lane.byDue.delete(job)
    lane.bySoft.delete(job)
    this.#deadlines.delete(job)
  }

  /** Whether a job is queued (not in flight, not gone). */
  queued(job: J): boolean {
    return this.#deadlines.has(job)
  }

  /**
   * Takes a queued job out to poll it now, out of turn, if its lane has a token now (a read that
   * found a stale snapshot); false, leaving it queued, when the lane has none.
   */
  takeNow(job: J, now: number): boolean {
    if (!this.queued(job) || !this.lane(job).bucket.tryTake(now)) return false
    this.remove(job)
    return true
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

  /** The job a lane would poll now: its longest due, else (with `idle`) its longest soft due. */
  #candidate(lane: Lane<J>, now: number, idle: boolean): { job: J; due: boolean } | null {
    const due = lane.byDue.peek()
    if (due && due.dueAt <= now) return { job: due, due: true }
    const soft = idle ? lane.bySoft.peek() : undefined
    return soft && soft.softDueAt <= now ? { job: soft, due: false } : null
  }

  /**
   * The job to poll now, its lane's token taken: the longest due across lanes with a token,
   * else (with `idle`) the longest soft due of a lane with nothing due. Null when none can go
   * now; {@link nextAt} then says when to look again.
   */
  take(now: number, idle: boolean): J | null {
    let best: { job: J; lane: Lane<J>; due: boolean } | null = null
    for (const lane of this.#lanes.values()) {
      const c = this.#candidate(lane, now, idle)
      if (!c || lane.bucket.msUntilToken(now) > 0) continue
      const first = c.due ? c.job.dueAt : c.job.softDueAt
      const other = best && (best.due ? best.job.dueAt : best.job.softDueAt)
      if (!best || (c.due && !best.due) || (c.due === best.due && first < (other as number)))
        best = { ...c, lane }
    }
    if (!best) return null
    best.lane.bucket.tryTake(now)
    if (best.due) best.lane.widening.waited(best.job.dueAt, now)
    this.remove(best.job)
    return best.job
  }

  /**
   * When the queue next needs a look: the first deadline, and per lane the next token when it
   * holds a job a token would start (only while `tokens`: the concurrency cap may be what holds
   * it back), else when its next job falls due (or soft due, with `idle`).
   */
  nextAt(now: number, idle: boolean, tokens: boolean): number {
    let at = this.#deadlines.peek()?.deadline ?? Number.POSITIVE_INFINITY
    for (const lane of this.#lanes.values()) {
      const c = this.#candidate(lane, now, idle)
      if (c) {
        if (tokens) at = Math.min(at, now + this.#tokenWait(lane, c, now))
        continue
      }
      at = Math.min(at, lane.byDue.peek()?.dueAt ?? Number.POSITIVE_INFINITY)
      if (idle) at = Math.min(at, lane.bySoft.peek()?.softDueAt ?? Number.POSITIVE_INFINITY)
    }
    return at
  }

  /**
   * How long until the lane's next poll can go. Behind a backlog (the top has waited a token
   * or more) it waits for two tokens when that costs at most `BATCH_SLACK_MS` more: each wake-up
   * costs a timer, and at high rates the wake-ups would be most of the tracker's work.
   */
  #tokenWait(lane: Lane<J>, c: { job: J; due: boolean }, now: number): number {
    const one = lane.bucket.msUntilToken(now)
    const interval = 1000 / lane.bucket.ratePerSecond
    if (!c.due || now - c.job.dueAt < interval) return one
    const two = lane.bucket.msUntilToken(now, 2)
    return two - one <= BATCH_SLACK_MS ? two : one
  }

  /** Drops every queued job at once. */
  clear(): void {
    this.#deadlines = new IndexedHeap<J>(earlier((j) => j.deadline))
    for (const [name, lane] of this.#lanes) this.addLane(name, lane.bucket, lane.widening)
  }
}
