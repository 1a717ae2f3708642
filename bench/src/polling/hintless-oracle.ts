import { createRng, sample } from '@darkroom/emulator'
import { mean, round } from '../lib/stats.js'
import type { Workload } from './workload.js'

/** The best fixed schedule for jobs that report only a state, and what it costs. */
export interface HintlessOracle {
  /** The lag the p95 must stay within. */
  maxP95LagMs: number
  /** First poll, after submit: the latest that keeps the p95 within `maxP95LagMs`. */
  firstPollMs: number
  /** Then one poll every this long (the lag bound itself: any longer and the p95 breaks it). */
  gapMs: number
  requestsPerJob: number
  p95LagMs: number
  /** Completion times drawn from the workload's distributions to find it. */
  draws: number
}

/**
 * The "hint-less oracle": a poller that knows the workload's completion-time distribution (not
 * the job) and nothing else, polling once at a fixed time after submit and then every
 * `maxP95LagMs`. Jobs that end before the first poll are seen first-poll − completion late, so
 * the first poll goes where exactly 5 % of jobs end more than `maxP95LagMs` before it: the
 * latest first poll, hence the fewest requests, that keeps the p95 lag within the bound. Found
 * on `draws` completion times drawn (seeded) from the workload's queue and run distributions.
 */
export function hintlessOracle(
  workload: Workload,
  maxP95LagMs: number,
  draws = 200_000,
): HintlessOracle {
  const rng = createRng(workload.seed).fork('hintless-oracle')
  const queue = rng.fork('queue')
  const run = rng.fork('run')
  const totals = Array.from(
    { length: draws },
    () => sample(workload.queueWait, queue) + sample(workload.runTime, run),
  )
  totals.sort((a, b) => a - b)
  // Nearest-rank p95 within the bound: at most this many jobs may be seen later than it.
  const late = draws - Math.ceil(0.95 * draws)
  const firstPollMs = (totals[late] as number) + maxP95LagMs
  const gapMs = maxP95LagMs
  const requests: number[] = []
  const lags: number[] = []
  for (const t of totals) {
    const after = Math.max(0, t - firstPollMs)
    const polls = Math.ceil(after / gapMs)
    requests.push(1 + polls)
    lags.push(t < firstPollMs ? firstPollMs - t : polls * gapMs - after)
  }
  lags.sort((a, b) => a - b)
  return {
    maxP95LagMs,
    firstPollMs: Math.round(firstPollMs),
    gapMs,
    requestsPerJob: round(mean(requests)),
    p95LagMs: Math.round(lags[Math.ceil(0.95 * draws) - 1] as number),
    draws,
  }
}
