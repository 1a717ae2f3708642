import type { JobHandle } from '../model/handle.js'
import type { Job, JobState, ProviderId } from '../model/job.js'
import type { SubmitClaimStore } from './submit-claims.js'
import type { WebhookDelivery, WebhookOutbox, WebhookSubscription } from './webhook-outbox.js'

/**
 * One job as a durable surface (the gateway, the terminal's history) keeps it: enough to answer a
 * read without asking the provider, to resume watching after a restart, and to list an owner's
 * jobs. Plain JSON-able data.
 *
 * Nothing secret belongs here, and a store keeps exactly what it is given: the owner is an API
 * key's *name*, never its secret; provider credentials never reach a job; and a caller strips
 * whatever in a snapshot works as a credential (the gateway removes signed provider URLs, and
 * `raw` payloads that carry them) before handing it over.
 */
export interface StoredJob {
  /**
   * The job's key, unique in the store. Core's own id, `encodeHandle(handle)`, where the surface
   * has the handle (the gateway, the terminal in direct mode); the gateway's job id where it only
   * has that (the terminal through `--api`).
   */
  key: string
  /** What it takes to ask the provider about the job again. */
  handle: JobHandle
  /** The name of the API key (or the terminal's connection scope) the job belongs to. */
  owner: string
  /**
   * The latest normalized snapshot. Its `provider`, `operation` and `providerJobId` are the
   * handle's; its state decides whether the job is unfinished.
   */
  snapshot: Job
  /** When it was submitted here, epoch milliseconds (an integer). Lists are newest first by it. */
  submittedAt: number
  /** When `snapshot` was taken, epoch milliseconds (an integer). */
  observedAt: number
  /**
   * When the scheduler plans to ask again, epoch milliseconds (an integer); null once the job is
   * terminal, or while nobody has planned a poll (such a job counts as due now).
   */
  nextPollAt: number | null
  /** Status calls made for this job so far. */
  polls: number
  /** Failed status calls in a row (reset by a good answer). */
  errorsInARow: number
}

/** The fields of a {@link StoredJob} a scheduler updates after a poll; absent ones are kept. */
export type StoredJobUpdate = Partial<
  Pick<StoredJob, 'snapshot' | 'observedAt' | 'nextPollAt' | 'polls' | 'errorsInARow'>
>

/** A page request of {@link JobStore.list}. */
export interface JobListQuery {
  /** Only jobs of this owner (never another's). Required. */
  owner: string
  /** Only jobs in this state. Default: every state. */
  state?: JobState | undefined
  /** Only jobs of this provider. Default: every provider. */
  provider?: ProviderId | undefined
  /** At most this many jobs: a positive integer. Required. */
  limit: number
  /** The `nextCursor` of the previous page; absent for the first page. */
  cursor?: string | undefined
}

/** One page of an owner's jobs, newest first. */
export interface JobListPage {
  /**
   * The jobs of the page. A page may hold fewer than `limit` jobs and still have a next page:
   * a row the store cannot read is skipped (and reported), not counted as a job.
   */
  jobs: StoredJob[]
  /** Pass to the next call for the following page; null on the last page. */
  nextCursor: string | null
}

/** Which unfinished jobs {@link JobStore.unfinished} returns. Default: all of them. */
export interface UnfinishedQuery {
  /** Only this owner's (the terminal resumes one connection scope). Default: every owner. */
  owner?: string | undefined
  /** Only this provider's (one scheduler per provider account). Default: every provider. */
  provider?: ProviderId | undefined
}

/** What {@link JobStore.prune} removes: the oldest finished jobs beyond a cap. */
export interface JobPruneOptions {
  /** Count only this owner's jobs, and remove only theirs. Default: every owner's, as one pool. */
  owner?: string | undefined
  /**
   * How many jobs to keep, unfinished ones included: a non-negative integer. Unfinished jobs are
   * never removed, so more than `keep` remain when more than `keep` are unfinished.
   */
  keep: number
}

/**
 * Where durable jobs live. Two implementations: SQLite in a file on Node (`@darkroom/store`) and a
 * Durable Object's SQLite storage on Workers (the same SQL). The scheduler (`JobTracker`) is the
 * only writer of snapshots; reads may come from anywhere. Implementations validate what they read
 * back and throw a clear error for a row they cannot read, never a silent reset.
 *
 * Idempotent submits keep their claims in the same store (its {@link SubmitClaimStore} section),
 * so a claim and the job it names live and die together.
 */
export interface JobStore extends WebhookOutbox, SubmitClaimStore {
  /**
   * Records a new job, with its webhook subscription when it has one (in the same write);
   * rejects when its key exists already (a job is never overwritten).
   */
  insert(job: StoredJob, webhook?: WebhookSubscription): Promise<void>
  /** The job with this key, or null. */
  get(key: string): Promise<StoredJob | null>
  /**
   * Applies a scheduler's update in one write, enqueueing `deliveries` (the webhook events the
   * update's snapshot produced, see `WebhookOutbox`) in the same transaction. Resolves false for
   * an unknown key (a no-op: nothing is enqueued).
   */
  update(
    key: string,
    update: StoredJobUpdate,
    deliveries?: readonly WebhookDelivery[],
  ): Promise<boolean>
  /**
   * Every job not yet terminal, soonest `nextPollAt` first (unplanned ones first of all): what a
   * restart resumes.
   */
  unfinished(query?: UnfinishedQuery): Promise<StoredJob[]>
  /** One page of an owner's jobs, newest first by (`submittedAt`, `key`). */
  list(query: JobListQuery): Promise<JobListPage>
  /**
   * Removes the oldest finished jobs until at most `keep` remain, never an unfinished one (the
   * terminal's history cap), with their webhook subscriptions and deliveries. Resolves with how
   * many jobs were removed.
   */
  prune(options: JobPruneOptions): Promise<number>
  /** Releases the store (closes the file). Calling it again does nothing. */
  close(): Promise<void>
}
