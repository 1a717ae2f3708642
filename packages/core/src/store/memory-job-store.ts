import { InvalidInputError } from '../errors/index.js'
import { isTerminalState, type ProviderId } from '../model/job.js'
import type {
  JobListPage,
  JobListQuery,
  JobPruneOptions,
  JobStore,
  StoredJob,
  StoredJobUpdate,
  UnfinishedQuery,
} from './job-store.js'
import { decodeListCursor, encodeListCursor, newestFirst } from './list-cursor.js'
import { MemorySubmitClaims } from './memory-submit-claims.js'
import { MemoryWebhookOutbox } from './memory-webhook-outbox.js'
import type { NewSubmitClaim, SubmitClaim } from './submit-claims.js'
import type {
  WebhookAttempt,
  WebhookAttemptOutcome,
  WebhookDelivery,
  WebhookSubscription,
} from './webhook-outbox.js'

const UPDATABLE = new Set(['snapshot', 'observedAt', 'nextPollAt', 'polls', 'errorsInARow'])

/** A refused argument, said the way the SQL store says it. */
function refuse(call: string, path: string, message: string): InvalidInputError {
  return new InvalidInputError(
    `Invalid argument to the job store's ${call}(): ${path} ${message}.`,
    {
      issues: [{ path, message }],
      call,
    },
  )
}

/** A job as text: what is stored is a copy, and only what JSON can carry (as in SQLite). */
function toText(job: StoredJob, call: string): string {
  try {
    return JSON.stringify(job)
  } catch (cause) {
    const message = `cannot be stored as JSON (${String(cause)}); keep it plain JSON data`
    throw refuse(call, 'snapshot', message)
  }
}

const sameJob = (job: StoredJob, snapshot: StoredJob['snapshot']) =>
  snapshot.provider === job.handle.provider &&
  snapshot.operation === job.handle.operation &&
  snapshot.providerJobId === job.handle.providerJobId

/**
 * A {@link JobStore} in memory: for tests, benchmarks and runtimes without SQLite (Bun, Deno).
 * Not durable: everything is gone when the process ends, so a gateway on it resumes nothing
 * after a restart. It keeps copies (what it is given and what it returns are never shared) and
 * answers as the SQL store does, paging with the same cursors; it checks the shape of what it is
 * given only as far as the store's contract needs (keys, limits, cursors, a snapshot's job).
 */
export class MemoryJobStore implements JobStore {
  readonly #jobs = new Map<string, string>()
  readonly #outbox = new MemoryWebhookOutbox()
  readonly #claims = new MemorySubmitClaims(() => this.#ensureOpen())
  #closed = false

  /** Jobs stored now. */
  get size(): number {
    return this.#jobs.size
  }

  async insert(job: StoredJob, webhook?: WebhookSubscription): Promise<void> {
    this.#ensureOpen()
    this.#outbox.check('insert', webhook)
    if (typeof job.key !== 'string' || job.key === '')
      throw refuse('insert', 'key', 'must be a non-empty string')
    if (typeof job.owner !== 'string' || job.owner === '')
      throw refuse('insert', 'owner', 'must be a non-empty string')
    if (!sameJob(job, job.snapshot)) throw refuse('insert', 'snapshot', "must be the handle's job")
    if (this.#jobs.has(job.key)) {
      throw refuse(
        'insert',
        'key',
        `${JSON.stringify(job.key)} is stored already; a job is never overwritten (update() changes one)`,
      )
    }
    this.#jobs.set(job.key, toText(job, 'insert'))
    if (webhook) this.#outbox.subscribe(job.key, webhook)
  }

  async get(key: string): Promise<StoredJob | null> {
    this.#ensureOpen()
    const text = this.#jobs.get(key)
    return text === undefined ? null : (JSON.parse(text) as StoredJob)
  }

  async update(
    key: string,
    update: StoredJobUpdate,
    deliveries: readonly WebhookDelivery[] = [],
  ): Promise<boolean> {
    this.#ensureOpen()
    this.#outbox.check('update', undefined, deliveries)
    for (const field of Object.keys(update)) {
      if (!UPDATABLE.has(field)) throw refuse('update', field, 'is not a field update() changes')
    }
    const text = this.#jobs.get(key)
    if (text === undefined) return false
    const job = JSON.parse(text) as StoredJob
    if (update.snapshot && !sameJob(job, update.snapshot)) {
      const message = "must be the stored job's (the same provider, operation and providerJobId)"
      throw refuse('update', 'snapshot', `${message}; the job was left as it was`)
    }
    const defined = Object.entries(update).filter(([, value]) => value !== undefined)
    this.#jobs.set(key, toText({ ...job, ...Object.fromEntries(defined) }, 'update'))
    this.#outbox.enqueue(deliveries)
    return true
  }

  async unfinished(query: UnfinishedQuery = {}): Promise<StoredJob[]> {
    this.#ensureOpen()
    const due = (j: StoredJob) => j.nextPollAt ?? Number.NEGATIVE_INFINITY
    return this.#matching(query.owner, query.provider)
      .filter((j) => !isTerminalState(j.snapshot.state))
      .sort((a, b) => due(a) - due(b) || a.submittedAt - b.submittedAt || (a.key < b.key ? -1 : 1))
  }

  async list(query: JobListQuery): Promise<JobListPage> {
    this.#ensureOpen()
    if (typeof query.owner !== 'string' || query.owner === '')
      throw refuse('list', 'owner', 'must be a non-empty string')
    if (!Number.isSafeInteger(query.limit) || query.limit < 1)
      throw refuse('list', 'limit', 'must be a whole number of at least 1')
    const after = query.cursor === undefined ? null : decodeListCursor(query.cursor)
    const jobs = this.#matching(query.owner, query.provider)
      .filter((j) => query.state === undefined || j.snapshot.state === query.state)
      .filter(
        (j) =>
          !after ||
          j.submittedAt < after.submittedAt ||
          (j.submittedAt === after.submittedAt && j.key < after.key),
      )
      .sort(newestFirst)
    const page = jobs.slice(0, query.limit)
    const last = page.at(-1)
    const more = jobs.length > query.limit && last
    return {
      jobs: page,
      nextCursor: more ? encodeListCursor({ submittedAt: last.submittedAt, key: last.key }) : null,
    }
  }

  async prune(options: JobPruneOptions): Promise<number> {
    this.#ensureOpen()
    if (!Number.isSafeInteger(options.keep) || options.keep < 0)
      throw refuse('prune', 'keep', 'must be a whole number of at least 0')
    const all = this.#matching(options.owner, undefined)
    const finished = all.filter((j) => isTerminalState(j.snapshot.state)).sort(newestFirst)
    const keepFinished = Math.max(0, options.keep - (all.length - finished.length))
    const removed = finished.slice(keepFinished)
    for (const job of removed) {
      this.#jobs.delete(job.key)
      this.#outbox.forget(job.key)
    }
    return removed.length
  }

  async webhookOf(key: string): Promise<WebhookSubscription | null> {
    this.#ensureOpen()
    return this.#outbox.webhookOf(key)
  }

  async deliveries(key: string): Promise<WebhookDelivery[]> {
    this.#ensureOpen()
    return this.#outbox.deliveries(key)
  }

  async dueDeliveries(now: number, limit: number): Promise<WebhookDelivery[]> {
    this.#ensureOpen()
    return this.#outbox.dueDeliveries(now, limit)
  }

  async nextDeliveryAt(): Promise<number | null> {
    this.#ensureOpen()
    return this.#outbox.nextDeliveryAt()
  }

  async recordAttempt(
    id: string,
    attempt: WebhookAttempt,
    outcome: WebhookAttemptOutcome,
  ): Promise<boolean> {
    this.#ensureOpen()
    return this.#outbox.recordAttempt(id, attempt, outcome)
  }

  async redeliver(key: string, now: number): Promise<WebhookDelivery | null> {
    this.#ensureOpen()
    return this.#outbox.redeliver(key, now)
  }

  async close(): Promise<void> {
    this.#closed = true
    this.#jobs.clear()
    this.#outbox.clear()
    this.#claims.clear()
  }

  claimSubmit(claim: NewSubmitClaim): Promise<SubmitClaim | null> {
    return this.#claims.claimSubmit(claim)
  }

  journalSubmit(owner: string, key: string, jobKey: string): Promise<boolean> {
    return this.#claims.journalSubmit(owner, key, jobKey)
  }

  markSubmitUnknown(owner: string, key: string): Promise<boolean> {
    return this.#claims.markSubmitUnknown(owner, key)
  }

  releaseSubmit(owner: string, key: string): Promise<boolean> {
    return this.#claims.releaseSubmit(owner, key)
  }

  openSubmits(now: number): Promise<SubmitClaim[]> {
    return this.#claims.openSubmits(now)
  }

  sweepSubmits(now: number): Promise<number> {
    return this.#claims.sweepSubmits(now)
  }

  #matching(owner: string | undefined, provider: ProviderId | undefined): StoredJob[] {
    const out: StoredJob[] = []
    for (const text of this.#jobs.values()) {
      const job = JSON.parse(text) as StoredJob
      if (
        (owner === undefined || job.owner === owner) &&
        (provider === undefined || job.handle.provider === provider)
      )
        out.push(job)
    }
    return out
  }

  #ensureOpen(): void {
    if (this.#closed)
      throw new Error(
        'This MemoryJobStore is closed; create a new one (it holds nothing once closed).',
      )
  }
}
