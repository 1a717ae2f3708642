import {
  decodeListCursor as decodeCursor,
  encodeListCursor as encodeCursor,
  InvalidInputError,
  type JobListPage,
  type JobListQuery,
  type JobPruneOptions,
  type JobStore,
  type NewSubmitClaim,
  type StoredJob,
  type StoredJobUpdate,
  type SubmitClaim,
  type UnfinishedQuery,
  type WebhookAttempt,
  type WebhookAttemptOutcome,
  type WebhookDelivery,
  type WebhookSubscription,
} from '@darkroom/core'
import {
  EXISTS,
  INSERT,
  listStatement,
  OWNERS,
  pruneStatement,
  SELECT_ONE,
  type Statement,
  unfinishedStatement,
  updateStatement,
} from './job-queries.js'
import { jobRowValues, readJobRow } from './job-rows.js'
import { migrate } from './migrations.js'
import type { SqlDriver, SqlRow } from './sql-driver.js'
import { SqlSubmitClaims } from './sql-submit-claims.js'
import { quoteKey, StoreError } from './store-error.js'
import {
  checkArgument,
  JobListQuerySchema,
  JobPruneOptionsSchema,
  KeySchema,
  StoredJobSchema,
  StoredJobUpdateSchema,
  UnfinishedQuerySchema,
} from './store-schemas.js'
import { SqlWebhookOutbox } from './webhook-queries.js'

/** How a {@link SqlJobStore} is opened. */
export interface SqlJobStoreOptions {
  /**
   * Names the database in every message and error: the file's path on Node; on Workers a name
   * such as `durable-object:jobs`. Required.
   */
  location: string
  /**
   * Told about each row `list` and `unfinished` skip because it cannot be read back (the other
   * jobs are still returned). Default: `console.warn`. The terminal passes its own, since a
   * stray line on stderr would tear its dashboard.
   */
  onWarning?: ((message: string) => void) | undefined
  /** The clock for the time a migration is recorded at, epoch milliseconds. Default: `Date.now`. */
  now?: (() => number) | undefined
}

/**
 * The job store over any {@link SqlDriver}: better-sqlite3 on Node (`openSqliteStore`), a
 * Durable Object's storage on Workers (`durableObjectSqlDriver`). It keeps exactly what it is
 * given (no secret should be), validates every argument and every row it reads back.
 */
export class SqlJobStore implements JobStore {
  /** Where the store lives, as named in its messages. */
  readonly location: string
  readonly #driver: SqlDriver
  readonly #onWarning: (message: string) => void
  readonly #outbox: SqlWebhookOutbox
  readonly #claims: SqlSubmitClaims
  #closed = false

  private constructor(driver: SqlDriver, options: SqlJobStoreOptions) {
    this.#driver = driver
    this.#outbox = new SqlWebhookOutbox(driver, options.location)
    this.location = options.location
    this.#onWarning = options.onWarning ?? ((message) => console.warn(message))
    this.#claims = new SqlSubmitClaims(driver, options.location, () => this.#ensureOpen())
  }

  /** Migrates the database to the newest schema (see `migrate`) and returns its store. */
  static open(driver: SqlDriver, options: SqlJobStoreOptions): SqlJobStore {
    migrate(driver, { location: options.location, now: options.now ?? Date.now })
    return new SqlJobStore(driver, options)
  }

  async insert(job: StoredJob, webhook?: WebhookSubscription): Promise<void> {
    this.#ensureOpen()
    const valid = checkArgument(StoredJobSchema, job, 'insert')
    const subscription = webhook && this.#outbox.checkSubscription(webhook)
    this.#driver.transaction(() => {
      if (this.#run({ sql: INSERT, bindings: jobRowValues(valid) }).length === 0) {
        throw new StoreError(`The job ${quoteKey(valid.key)} is already in ${this.location}.`, {
          path: this.location,
          reason: 'duplicate',
          key: valid.key,
        })
      }
      if (subscription) this.#outbox.subscribe(valid.key, subscription)
    })
  }

  async get(key: string): Promise<StoredJob | null> {
    this.#ensureOpen()
    const [row] = this.#run({ sql: SELECT_ONE, bindings: [checkArgument(KeySchema, key, 'get')] })
    if (!row) return null
    const read = readJobRow(row)
    if (read.ok) return read.job
    throw new StoreError(
      `The job ${quoteKey(read.key)} in ${this.location} cannot be read back: ${read.problem}.`,
      { path: this.location, reason: 'corrupt', key: read.key },
    )
  }

  async update(
    key: string,
    update: StoredJobUpdate,
    deliveries: readonly WebhookDelivery[] = [],
  ): Promise<boolean> {
    this.#ensureOpen()
    const valid = checkArgument(KeySchema, key, 'update')
    const fields = checkArgument(StoredJobUpdateSchema, update, 'update')
    const enqueue = this.#outbox.checkDeliveries(deliveries)
    const statement = updateStatement(valid, fields)
    // The snapshot and the events it produced land together, or neither does.
    const written =
      statement !== null &&
      this.#driver.transaction(() => {
        if (this.#run(statement).length === 0) return false
        this.#outbox.enqueue(enqueue)
        return true
      })
    if (written) return true
    const exists = this.#run({ sql: EXISTS, bindings: [valid] }).length > 0
    if (exists && statement) {
      const message = "must be the stored job's (the same provider, operation and providerJobId)"
      throw new InvalidInputError(
        `Invalid argument to the job store's update(): snapshot ${message}; the job ${quoteKey(valid)} was left as it was.`,
        { issues: [{ path: 'snapshot', message }], call: 'update' },
      )
    }
    return exists
  }

  async unfinished(query: UnfinishedQuery = {}): Promise<StoredJob[]> {
    this.#ensureOpen()
    const valid = checkArgument(UnfinishedQuerySchema, query, 'unfinished')
    return this.#readable(this.#run(unfinishedStatement(valid)))
  }

  async list(query: JobListQuery): Promise<JobListPage> {
    this.#ensureOpen()
    const valid = checkArgument(JobListQuerySchema, query, 'list')
    const after = valid.cursor === undefined ? null : decodeCursor(valid.cursor)
    const rows = this.#run(listStatement(valid, after))
    const page = rows.slice(0, valid.limit)
    const last = page.at(-1)
    // The cursor comes from the last row read, readable or not, so a skipped row never ends
    // the listing early or repeats a page.
    const nextCursor =
      rows.length > valid.limit && last
        ? encodeCursor({ submittedAt: Number(last.submitted_at), key: String(last.key) })
        : null
    return { jobs: this.#readable(page), nextCursor }
  }

  /**
   * Every owner with at least one job, in order: the terminal shows the jobs of earlier
   * connections too (not in core's `JobStore`, since a gateway must never list across owners).
   */
  async owners(): Promise<string[]> {
    this.#ensureOpen()
    return this.#run({ sql: OWNERS, bindings: [] }).map((row) => String(row.owner))
  }

  async prune(options: JobPruneOptions): Promise<number> {
    this.#ensureOpen()
    return this.#run(pruneStatement(checkArgument(JobPruneOptionsSchema, options, 'prune'))).length
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

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.#driver.close?.()
  }

  #run(statement: Statement): SqlRow[] {
    return this.#driver.exec(statement.sql, ...statement.bindings)
  }

  #readable(rows: SqlRow[]): StoredJob[] {
    const jobs: StoredJob[] = []
    for (const row of rows) {
      const read = readJobRow(row)
      if (read.ok) jobs.push(read.job)
      else {
        this.#onWarning(
          `Skipped the job ${quoteKey(read.key)} in ${this.location}: its row cannot be read back (${read.problem}). The other jobs are unaffected.`,
        )
      }
    }
    return jobs
  }

  #ensureOpen(): void {
    if (this.#closed) {
      throw new StoreError(`The job store ${this.location} is closed.`, {
        path: this.location,
        reason: 'closed',
      })
    }
  }
}
