import {
  MAX_ATTEMPT_LOG,
  type WebhookAttempt,
  type WebhookAttemptOutcome,
  type WebhookDelivery,
  type WebhookSubscription,
} from '@darkroom/core'
import * as v from 'valibot'
import type { SqlDriver, SqlRow } from './sql-driver.js'
import { quoteKey, StoreError } from './store-error.js'
import { checkArgument, KeySchema } from './store-schemas.js'
import {
  WebhookAttemptOutcomeSchema,
  WebhookAttemptSchema,
  WebhookDeliverySchema,
  WebhookSubscriptionSchema,
} from './webhook-schemas.js'

const COLUMNS =
  'id, job_key, owner, type, occurred_at, snapshot, url, state, attempts, next_attempt_at, log'
const INSERT_DELIVERY = `INSERT INTO webhook_deliveries (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
const INSERT_SUBSCRIPTION =
  'INSERT INTO webhook_subscriptions (job_key, url, events) VALUES (?, ?, ?)'
const SUBSCRIPTION = 'SELECT url, events FROM webhook_subscriptions WHERE job_key = ?'
const OF_JOB = `SELECT ${COLUMNS} FROM webhook_deliveries WHERE job_key = ? ORDER BY rowid`
const DUE = `SELECT ${COLUMNS} FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, rowid LIMIT ?`
const NEXT = "SELECT min(next_attempt_at) AS at FROM webhook_deliveries WHERE state = 'pending'"
const ONE = `SELECT ${COLUMNS} FROM webhook_deliveries WHERE id = ?`
const LAST_OF_JOB = `SELECT id FROM webhook_deliveries WHERE job_key = ? ORDER BY rowid DESC LIMIT 1`
const RECORD =
  'UPDATE webhook_deliveries SET log = ?, attempts = attempts + 1, state = ?, next_attempt_at = ? WHERE id = ?'
const REDELIVER =
  "UPDATE webhook_deliveries SET state = 'pending', attempts = 0, next_attempt_at = ? WHERE id = ?"

const DeliveriesSchema = v.array(WebhookDeliverySchema)

/**
 * The SQL half of the webhook outbox, over the job store's driver: its statements run inside
 * the store's transactions where it calls them from `insert` and `update`. Every argument is
 * checked and every row read back validated, as the job store does.
 */
export class SqlWebhookOutbox {
  readonly #driver: SqlDriver
  readonly #location: string

  constructor(driver: SqlDriver, location: string) {
    this.#driver = driver
    this.#location = location
  }

  /** Checks a subscription before the job store's insert. */
  checkSubscription(webhook: WebhookSubscription): WebhookSubscription {
    return checkArgument(WebhookSubscriptionSchema, webhook, 'insert')
  }

  /** Checks deliveries before the job store's update. */
  checkDeliveries(deliveries: readonly WebhookDelivery[]): WebhookDelivery[] {
    return checkArgument(DeliveriesSchema, deliveries, 'update')
  }

  /** Inside the insert's transaction. */
  subscribe(key: string, webhook: WebhookSubscription): void {
    this.#driver.exec(INSERT_SUBSCRIPTION, key, webhook.url, JSON.stringify(webhook.events))
  }

  /** Inside the update's transaction; a delivery id enqueued already aborts it. */
  enqueue(deliveries: readonly WebhookDelivery[]): void {
    for (const d of deliveries) {
      if (
        this.#driver.exec('SELECT 1 AS found FROM webhook_deliveries WHERE id = ?', d.id).length
      ) {
        throw new StoreError(
          `The webhook delivery ${quoteKey(d.id)} is already in ${this.#location}.`,
          {
            path: this.#location,
            reason: 'duplicate',
            key: d.jobKey,
          },
        )
      }
      this.#driver.exec(
        INSERT_DELIVERY,
        d.id,
        d.jobKey,
        d.owner,
        d.type,
        d.occurredAt,
        JSON.stringify(d.snapshot),
        d.url,
        d.state,
        d.attempts,
        d.nextAttemptAt,
        JSON.stringify(d.log),
      )
    }
  }

  webhookOf(key: string): WebhookSubscription | null {
    const [row] = this.#driver.exec(SUBSCRIPTION, checkArgument(KeySchema, key, 'webhookOf'))
    if (!row) return null
    return this.#read(WebhookSubscriptionSchema, { url: row.url, events: json(row.events) }, key)
  }

  deliveries(key: string): WebhookDelivery[] {
    return this.#rows(this.#driver.exec(OF_JOB, checkArgument(KeySchema, key, 'deliveries')))
  }

  dueDeliveries(now: number, limit: number): WebhookDelivery[] {
    const args = checkArgument(DueSchema, { now, limit }, 'dueDeliveries')
    return this.#rows(this.#driver.exec(DUE, args.now, args.limit))
  }

  nextDeliveryAt(): number | null {
    const at = this.#driver.exec(NEXT)[0]?.at
    return typeof at === 'number' ? at : null
  }

  recordAttempt(id: string, attempt: WebhookAttempt, outcome: WebhookAttemptOutcome): boolean {
    const entry = checkArgument(WebhookAttemptSchema, attempt, 'recordAttempt')
    const next = checkArgument(WebhookAttemptOutcomeSchema, outcome, 'recordAttempt')
    return this.#driver.transaction(() => {
      const [row] = this.#driver.exec(ONE, checkArgument(KeySchema, id, 'recordAttempt'))
      if (!row) return false
      const [delivery] = this.#rows([row])
      const log = [...(delivery?.log ?? []), entry].slice(-MAX_ATTEMPT_LOG)
      const at = next.state === 'pending' ? next.nextAttemptAt : null
      this.#driver.exec(RECORD, JSON.stringify(log), next.state, at, id)
      return true
    })
  }

  redeliver(key: string, now: number): WebhookDelivery | null {
    const valid = checkArgument(KeySchema, key, 'redeliver')
    const at = checkArgument(DueSchema, { now, limit: 1 }, 'redeliver').now
    return this.#driver.transaction(() => {
      const id = this.#driver.exec(LAST_OF_JOB, valid)[0]?.id
      if (typeof id !== 'string') return null
      this.#driver.exec(REDELIVER, at, id)
      return this.#rows(this.#driver.exec(ONE, id))[0] ?? null
    })
  }

  #rows(rows: SqlRow[]): WebhookDelivery[] {
    return rows.map((row) =>
      this.#read(
        WebhookDeliverySchema,
        {
          id: row.id,
          jobKey: row.job_key,
          owner: row.owner,
          type: row.type,
          occurredAt: row.occurred_at,
          snapshot: json(row.snapshot),
          url: row.url,
          state: row.state,
          attempts: row.attempts,
          nextAttemptAt: row.next_attempt_at,
          log: json(row.log),
        },
        String(row.job_key),
      ),
    )
  }

  #read<S extends v.GenericSchema>(schema: S, value: unknown, key: string): v.InferOutput<S> {
    const parsed = v.safeParse(schema, value)
    if (parsed.success) return parsed.output
    const where = parsed.issues[0] && v.getDotPath(parsed.issues[0])
    throw new StoreError(
      `A webhook row of the job ${quoteKey(key)} in ${this.#location} cannot be read back${where ? ` (${where})` : ''}.`,
      { path: this.#location, reason: 'corrupt', key },
    )
  }
}

const DueSchema = v.strictObject({
  now: v.pipe(v.number(), v.safeInteger('must be whole epoch milliseconds'), v.minValue(0)),
  limit: v.pipe(v.number(), v.safeInteger('must be a whole number'), v.minValue(1)),
})

function json(value: unknown): unknown {
  if (typeof value !== 'string') return undefined
  try {
    return JSON.parse(value) as unknown
  } catch {
    return undefined
  }
}
