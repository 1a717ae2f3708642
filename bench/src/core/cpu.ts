import { round } from '../lib/stats.js'

/** CPU per call of a function, over several rounds of sequential calls. */
export interface CpuPerCall {
  /** The median round, microseconds per call: the figure reports use. */
  medianUs: number
  /** The cheapest and dearest rounds: how much the machine moved under the measurement. */
  minUs: number
  maxUs: number
  rounds: number
  callsPerRound: number
}

/**
 * Process CPU time (user + system, all threads: Web Crypto's worker threads included) per call
 * of `fn`, awaited one after another. Measured in `rounds` rounds and reported as the median
 * round, because on a shared machine a neighbour's burst inflates whole rounds (cache, cores'
 * shared units): a median of rounds moves far less between runs than one long average.
 */
export async function cpuPerCall(
  fn: () => unknown,
  options: { calls: number; rounds: number; warmup?: number },
): Promise<CpuPerCall> {
  for (let i = 0; i < (options.warmup ?? 0); i++) await fn()
  const perRound = Math.max(1, Math.floor(options.calls / options.rounds))
  const rounds: number[] = []
  for (let r = 0; r < options.rounds; r++) {
    const start = process.cpuUsage()
    for (let i = 0; i < perRound; i++) await fn()
    const used = process.cpuUsage(start)
    rounds.push((used.user + used.system) / perRound)
  }
  const sorted = [...rounds].sort((a, b) => a - b)
  return {
    medianUs: round(sorted[Math.floor(sorted.length / 2)] as number, 2),
    minUs: round(sorted[0] as number, 2),
    maxUs: round(sorted[sorted.length - 1] as number, 2),
    rounds: options.rounds,
    callsPerRound: perRound,
  }
}
