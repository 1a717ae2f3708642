import { InvalidInputError } from '../errors/index.js'
import {
  MAX_ATTEMPT_LOG,
  type WebhookAttempt,
  type WebhookAttemptOutcome,
  type WebhookDelivery,
  type WebhookSubscription,
} from './webhook-outbox.js'

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T

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

/**
 * The outbox half of `MemoryJobStore`: subscriptions and deliveries in maps, kept as copies,
 * deliveries in the order they were enqueued. The job store calls `subscribe` and `enqueue` from
 * its own insert and update, which are as atomic as anything in one JavaScript turn.
 */
export class MemoryWebhookOutbox {
  readonly #subscriptions = new Map<string, WebhookSubscription>()
  /** Insertion order is enqueue order. */
  readonly #deliveries = new Map<string, WebhookDelivery>()

  /** Checks what `insert` and `update` would keep, before the job store writes anything. */
  check(call: string, webhook?: WebhookSubscription, deliveries: readonly WebhookDelivery[] = []) {
    if (webhook && (typeof webhook.url !== 'string' || webhook.url === ''))
      throw refuse(call, 'webhook.url', 'must be a non-empty string')
    if (webhook && (!Array.isArray(webhook.events) || webhook.events.length === 0))
      throw refuse(call, 'webhook.events', 'must list at least one event')
    const ids = new Set<string>()
    for (const delivery of deliveries) {
      if (typeof delivery.id !== 'string' || !delivery.id.startsWith('msg_'))
        throw refuse(call, 'deliveries.id', 'must be a msg_ id')
      if (this.#deliveries.has(delivery.id) || ids.has(delivery.id))
        throw refuse(call, 'deliveries.id', `${JSON.stringify(delivery.id)} is enqueued already`)
      ids.add(delivery.id)
    }
  }

  subscribe(key: string, webhook: WebhookSubscription): void {
    this.#subscriptions.set(key, copy(webhook))
  }

  enqueue(deliveries: readonly WebhookDelivery[]): void {
    for (const delivery of deliveries) this.#deliveries.set(delivery.id, copy(delivery))
  }

  /** Forgets a removed job's subscription and deliveries. */
  forget(key: string): void {
    this.#subscriptions.delete(key)
    for (const [id, delivery] of this.#deliveries)
      if (delivery.jobKey === key) this.#deliveries.delete(id)
  }

  clear(): void {
    this.#subscriptions.clear()
    this.#deliveries.clear()
  }

  webhookOf(key: string): WebhookSubscription | null {
    const found = this.#subscriptions.get(key)
    return found ? copy(found) : null
  }

  deliveries(key: string): WebhookDelivery[] {
    return [...this.#deliveries.values()].filter((d) => d.jobKey === key).map(copy)
  }

  dueDeliveries(now: number, limit: number): WebhookDelivery[] {
    if (!Number.isSafeInteger(limit) || limit < 1)
      throw refuse('dueDeliveries', 'limit', 'must be a whole number of at least 1')
    return this.#pending()
      .filter((d) => (d.nextAttemptAt as number) <= now)
      .slice(0, limit)
      .map(copy)
  }

  nextDeliveryAt(): number | null {
    return this.#pending()[0]?.nextAttemptAt ?? null
  }

  recordAttempt(id: string, attempt: WebhookAttempt, outcome: WebhookAttemptOutcome): boolean {
    const delivery = this.#deliveries.get(id)
    if (!delivery) return false
    delivery.log = [...delivery.log, copy(attempt)].slice(-MAX_ATTEMPT_LOG)
    delivery.attempts += 1
    delivery.state = outcome.state
    delivery.nextAttemptAt = outcome.state === 'pending' ? outcome.nextAttemptAt : null
    return true
  }

  redeliver(key: string, now: number): WebhookDelivery | null {
    const last = [...this.#deliveries.values()].filter((d) => d.jobKey === key).at(-1)
    if (!last) return null
    last.state = 'pending'
    last.attempts = 0
    last.nextAttemptAt = now
    return copy(last)
  }

  /** Pending deliveries, soonest first (enqueue order among equals, as the SQL store's rowid). */
  #pending(): WebhookDelivery[] {
    const pending = [...this.#deliveries.values()].filter((d) => d.state === 'pending')
    return pending.sort((a, b) => (a.nextAttemptAt as number) - (b.nextAttemptAt as number))
  }
}
