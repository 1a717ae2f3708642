import type { ProviderId } from '@darkroom/core'
import { type CapacitySettings, type CapacityStrategy, runTrial, type Trial } from './trial.js'

/** One capacity search: the answer and every trial behind it. */
export interface CapacitySearch {
  provider: ProviderId
  strategy: CapacityStrategy
  capacity: number
  trials: Trial[]
}

/**
 * The largest number of jobs in flight whose p95 lag stays within the limit: doubling from
 * `start` until a trial fails, then bisecting to within 5%. Gives up doubling at `ceiling`.
 */
export async function searchCapacity(
  provider: ProviderId,
  strategy: CapacityStrategy,
  settings: CapacitySettings,
  start = 8,
  ceiling = 8192,
): Promise<CapacitySearch> {
  const trials: Trial[] = []
  const attempt = async (n: number) => {
    const trial = await runTrial(provider, strategy, n, settings)
    trials.push(trial)
    return trial.passed
  }
  let lo = 0
  let hi: number | null = null
  for (let n = start; hi === null; n *= 2) {
    if (await attempt(n)) lo = n
    else hi = n
    if (hi === null && n * 2 > ceiling) break
  }
  if (hi !== null) {
    while (hi - lo > Math.max(1, Math.floor(lo * 0.05))) {
      const mid = Math.floor((lo + hi) / 2)
      if (await attempt(mid)) lo = mid
      else hi = mid
    }
  }
  return { provider, strategy, capacity: lo, trials: trials.sort((a, b) => a.jobs - b.jobs) }
}
