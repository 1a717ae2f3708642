import type { ProviderId } from '@darkroom/core'
import { max, mean, quantile, round } from '../lib/stats.js'
import type { JobOutcome, StrategyRun } from './run-strategy.js'
import type { StrategyId } from './strategies.js'
import type { Workload } from './workload.js'

/** One unit of work: a provider watched with a strategy over a workload. */
export interface PollingTask {
  provider: ProviderId
  strategy: StrategyId
  workload: Workload
}

/** The results JSON's numbers for one provider and strategy. */
export interface StrategySummary {
  requestsPerJob: { mean: number; p50: number; p95: number }
  lagMs: { p50: number; p95: number; max: number }
}

/** Extra numbers that explain a summary (not part of the headline shape). */
export interface StrategyDetail {
  /** Status calls per job made while the job was still queued. */
  queuedRequestsPerJob: number
  /** Mean detection lag. */
  lagMeanMs: number
  /** Share of jobs noticed more than 1 s / 2 s late. */
  lateOver1s: number
  lateOver2s: number
  /**
   * Of the jobs noticed more than 1 s late, how many were short (under half the median job:
   * they ended before the engine expected anything) and how many long (over twice the median:
   * overdue, polled ever more rarely). Where the lag tail comes from.
   */
  lateOver1sShortJobs: number
  lateOver1sLongJobs: number
  /** Follow-up result calls (speedpix) and submits, on the wire. */
  resultCalls: number
  statusCalls: number
  virtualSeconds: number
  wallSeconds: number
}

/** Reduces a run to the headline numbers. */
export function summarize(outcomes: readonly JobOutcome[]): StrategySummary {
  const requests = outcomes.map((o) => o.statusCalls)
  const lags = outcomes.map((o) => o.lagMs)
  return {
    requestsPerJob: {
      mean: round(mean(requests)),
      p50: quantile(requests, 0.5),
      p95: quantile(requests, 0.95),
    },
    lagMs: { p50: quantile(lags, 0.5), p95: quantile(lags, 0.95), max: max(lags) },
  }
}

/** The numbers behind a summary. */
export function detail(run: StrategyRun): StrategyDetail {
  const n = run.outcomes.length || 1
  const lags = run.outcomes.map((o) => o.lagMs)
  const median = quantile(
    run.outcomes.map((o) => o.totalMs),
    0.5,
  )
  const late = run.outcomes.filter((o) => o.lagMs > 1000)
  return {
    queuedRequestsPerJob: round(mean(run.outcomes.map((o) => o.queuedCalls))),
    lagMeanMs: Math.round(mean(lags)),
    lateOver1s: round(lags.filter((l) => l > 1000).length / n, 3),
    lateOver2s: round(lags.filter((l) => l > 2000).length / n, 3),
    lateOver1sShortJobs: late.filter((o) => o.totalMs < median / 2).length,
    lateOver1sLongJobs: late.filter((o) => o.totalMs > median * 2).length,
    resultCalls: run.counts.result,
    statusCalls: run.counts.status,
    virtualSeconds: Math.round(run.virtualMs / 1000),
    wallSeconds: round(run.wallMs / 1000, 1),
  }
}
