import type { ProviderId, RequestEvent } from '@darkroom/core'
import type { ProviderWatchers, UpstreamRequestCount } from './gateway-jobs.js'

/** Counts upstream requests by provider, call and outcome, for `GatewayMetrics.upstream`. */
export class UpstreamTally {
  readonly #counts = new Map<string, UpstreamRequestCount>()

  /** Counts one attempt as core's HTTP layer reports it: pass as an adapter's `onRequest`. */
  readonly onRequest = (event: RequestEvent): void => {
    this.record(
      event.provider,
      event.call,
      event.status === null ? String(event.error) : String(event.status),
    )
  }

  /** Counts one request. */
  record(provider: ProviderId, call: string, outcome: string): void {
    const key = `${provider}\u0000${call}\u0000${outcome}`
    const row = this.#counts.get(key)
    if (row) row.count += 1
    else this.#counts.set(key, { provider, call, outcome, count: 1 })
  }

  /** Requests of one provider and call, whatever their outcome. */
  total(provider: ProviderId, call: string): number {
    let sum = 0
    for (const row of this.#counts.values())
      if (row.provider === provider && row.call === call) sum += row.count
    return sum
  }

  /** One row per provider, call and outcome seen (copies). */
  rows(): UpstreamRequestCount[] {
    return [...this.#counts.values()].map((row) => ({ ...row }))
  }
}

/** Open watches per provider, for `GatewayMetrics.watchers`. */
export class WatcherGauge {
  readonly #open = new Map<ProviderId, number>()

  /** One more open watch of `provider`; the function returned closes it (once). */
  open(provider: ProviderId): () => void {
    this.#open.set(provider, (this.#open.get(provider) ?? 0) + 1)
    let closed = false
    return () => {
      if (closed) return
      closed = true
      this.#open.set(provider, (this.#open.get(provider) ?? 1) - 1)
    }
  }

  /** One row per provider watched since start (zero once its watches ended). */
  rows(): ProviderWatchers[] {
    return [...this.#open].map(([provider, count]) => ({ provider, count }))
  }
}
