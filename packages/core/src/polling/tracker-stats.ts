import type { ProviderId } from '../model/job.js'
import type { TokenBucket } from './token-bucket.js'
import type { Tracked } from './tracked-job.js'
import type { ProviderBudgetStats, TrackerStats } from './tracker-options.js'

/** What {@link JobTracker.stats} reports, counted over its jobs (one pass; for `/metrics`). */
export function trackerStats(
  jobs: Iterable<Tracked>,
  budgets: ReadonlyMap<string, { bucket: TokenBucket; requests: number }>,
  inFlight: number,
  now: number,
): TrackerStats {
  const byState: TrackerStats['jobs'] = {
    queued: 0,
    running: 0,
    succeeded: 0,
    failed: 0,
    canceled: 0,
    unknown: 0,
  }
  let held = 0
  let watchers = 0
  for (const tracked of jobs) {
    byState[tracked.poller.last?.state ?? 'unknown'] += 1
    if (tracked.holders.length > 0) held += 1
    watchers += tracked.watchers.size
  }
  const providers: Partial<Record<ProviderId, ProviderBudgetStats>> = {}
  for (const [provider, { bucket, requests }] of budgets) {
    providers[provider as ProviderId] = {
      requests,
      requestsPerSecond: bucket.ratePerSecond,
      burst: bucket.burst,
      available: bucket.available(now),
    }
  }
  return { jobs: byState, held, watchers, inFlight, providers }
}
