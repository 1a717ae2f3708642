import autocannon, { type Result } from 'autocannon'
import { mean, quantile, round } from '../lib/stats.js'
import type { SignedRequest } from './signed-status.js'

/** What one load run measured. */
export interface LoadResult {
  requestsPerSecond: number
  latencyMs: { p50: number; p99: number; mean: number }
  requests: number
  errors: number
  non2xx: number
}

/** Options of {@link load}. */
export interface LoadOptions {
  url: string
  seconds: number
  connections: number
  /** A fixed request (path and headers)... */
  request?: { method: string; path: string; headers: Record<string, string> }
  /** ...or a fresh one per send (signed calls cannot be replayed). */
  next?: () => SignedRequest
}

/** What one autocannon run saw, before it is summarized (runs can be merged). */
export interface LoadRun {
  /** Latency of every 2xx answer, milliseconds. */
  times: number[]
  requests: number
  errors: number
  non2xx: number
  seconds: number
}

/** Runs autocannon once (see {@link loadRun}) and summarizes it. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  return summarize([await loadRun(options)])
}

/** Merges runs against one target: totals add up, latencies are taken over every answer. */
export function summarize(runs: readonly LoadRun[]): LoadResult {
  const times = runs.flatMap((r) => r.times)
  const sum = (pick: (r: LoadRun) => number) => runs.reduce((total, r) => total + pick(r), 0)
  return {
    requestsPerSecond: Math.round(
      sum((r) => r.requests) /
        Math.max(
          1e-9,
          sum((r) => r.seconds),
        ),
    ),
    latencyMs: {
      p50: round(quantile(times, 0.5), 2),
      p99: round(quantile(times, 0.99), 2),
      mean: round(mean(times), 2),
    },
    requests: sum((r) => r.requests),
    errors: sum((r) => r.errors),
    non2xx: sum((r) => r.non2xx),
  }
}

/**
 * Runs autocannon against `url` for `seconds`. Latencies are taken from every response with
 * sub-millisecond precision (autocannon's own histogram rounds to whole milliseconds, too coarse
 * on loopback).
 */
export function loadRun(options: LoadOptions): Promise<LoadRun> {
  const { next, request } = options
  const times: number[] = []
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        pipelining: 1,
        duration: options.seconds,
        ...(request && {
          method: request.method,
          headers: request.headers,
          requests: [{ method: request.method, path: request.path }],
        }),
        ...(next && { requests: [{ setupRequest: (req) => ({ ...req, ...next() }) }] }),
      },
      (error: Error | null, result: Result) => {
        if (error) {
          reject(error)
          return
        }
        resolve({
          times,
          requests: result.requests.total,
          errors: result.errors + result.timeouts,
          non2xx: result.non2xx,
          seconds: options.seconds,
        })
      },
    )
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) times.push(ms)
    })
  })
}
