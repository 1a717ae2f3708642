import type { Clock } from '@darkroom/core'
import type { Context, MiddlewareHandler } from 'hono'
import { type Distribution, sample } from '../simulator/distributions.js'
import type { Rng } from '../simulator/rng.js'
import { DroppedConnectionError } from './dropped-connection.js'

/**
 * Per-emulator failure injection, so clients and the polling engine are exercised against the
 * bad days of a provider. Rates are probabilities per request in [0, 1]; all default to 0.
 * At most one of drop, server error, rate limit and malformed happens to a request, so the rates
 * are exact and must sum to at most 1.
 */
export interface FaultOptions {
  /** Answer with the provider's 5xx envelope instead of running the handler. */
  serverErrorRate?: number
  /** Answer with the provider's rate-limit envelope instead of running the handler. */
  rateLimitRate?: number
  /** Delay before every request is handled (ms, or a distribution); applies on top of any fault. */
  latencyMs?: Distribution | number
  /** Run the handler, then cut its JSON body in half so parsing fails. */
  malformedRate?: number
  /** Fail as a dropped connection: see `DroppedConnectionError`. */
  dropRate?: number
}

/** How one provider spells its failures; aidge, for one, rate-limits with HTTP 200 `resCode: 501`. */
export interface FaultRenderer {
  /** The provider's answer to an internal error, e.g. HTTP 500 with its error envelope. */
  serverError(c: Context): Response | Promise<Response>
  /** The provider's answer to throttling, e.g. HTTP 429, or HTTP 200 `resCode: 501` for Aidge. */
  rateLimited(c: Context): Response | Promise<Response>
}

/** Arguments of {@link faults}. */
export interface FaultsInput {
  /** Decisions are drawn from forks of it, so the same seed injects the same faults in order. */
  rng: Rng
  /** Latency sleeps on it, so a `VirtualClock` turns slow responses into instant tests. */
  clock: Clock
  /** Which rates to inject; defaults to none. */
  options: FaultOptions
  /** The provider's own failure answers. */
  render: FaultRenderer
}

type Outcome = 'pass' | 'drop' | 'server-error' | 'rate-limited' | 'malformed'

/**
 * Creates the middleware. Each request takes exactly one latency draw and one outcome draw, in
 * arrival order, whatever the rates: changing one rate does not reshuffle the other decisions.
 * Malformed applies only to JSON answers (image bytes pass untouched).
 */
export function faults({ rng, clock, options, render }: FaultsInput): MiddlewareHandler {
  const {
    serverErrorRate = 0,
    rateLimitRate = 0,
    latencyMs = 0,
    malformedRate = 0,
    dropRate = 0,
  } = options
  const rates: Array<[Outcome, number]> = [
    ['drop', dropRate],
    ['server-error', serverErrorRate],
    ['rate-limited', rateLimitRate],
    ['malformed', malformedRate],
  ]
  let total = 0
  for (const [name, rate] of rates) {
    if (!(rate >= 0 && rate <= 1)) throw new RangeError(`faults: ${name} rate must be in [0, 1]`)
    total += rate
  }
  if (total > 1 + 1e-9) throw new RangeError(`faults: rates sum to ${total}, more than 1`)
  const latency: Distribution =
    typeof latencyMs === 'number' ? { kind: 'fixed', ms: latencyMs } : latencyMs
  const latencyRng = rng.fork('faults:latency')
  const outcomeRng = rng.fork('faults:outcome')

  const decide = (): Outcome => {
    let u = outcomeRng.next()
    for (const [outcome, rate] of rates) {
      if (u < rate) return outcome
      u -= rate
    }
    return 'pass'
  }

  return async (c, next) => {
    // Draw synchronously, before any await, so concurrent requests keep arrival order.
    const delay = sample(latency, latencyRng)
    const outcome = decide()
    if (delay > 0) await clock.sleep(delay, c.req.raw.signal)
    switch (outcome) {
      case 'drop':
        throw new DroppedConnectionError()
      case 'server-error':
        return render.serverError(c)
      case 'rate-limited':
        return render.rateLimited(c)
      case 'pass':
        return next()
    }
    await next()
    if (!c.res.headers.get('content-type')?.includes('json')) return
    const text = (await c.res.text()).trimEnd()
    const headers = new Headers(c.res.headers)
    headers.delete('content-length')
    const { status, statusText } = c.res
    // Hono copies the old response's headers onto a replacement; clearing first keeps the
    // stale content-length out.
    c.res = undefined
    c.res = new Response(text.slice(0, Math.floor(text.length / 2)), {
      status,
      statusText,
      headers,
    })
  }
}
