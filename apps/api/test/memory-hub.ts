// A durable `GatewayJobs` in memory (core's JobHub over one tracker and a `MemoryJobStore`), for
// tests that need what only a job store gives (the job list). Web APIs only: the client's
// workerd tests reach it by path too.
import {
  type Clock,
  JobHub,
  JobTracker,
  MemoryJobStore,
  type ProviderAdapter,
  type ProviderId,
} from '@darkroom/core'
import type { GatewayImages } from '../src/images/gateway-images.js'
import { hubJobs } from '../src/jobs/hub-jobs.js'
import { UpstreamTally } from '../src/jobs/upstream-tally.js'

/**
 * `hubJobs` over a fresh memory store, its tracker on `clock` (a day's hold, as the gateway's),
 * keeping succeeded jobs' images in `images` when given.
 */
export function memoryHubJobs(
  adapters: Partial<Record<ProviderId, ProviderAdapter>>,
  clock: Clock,
  tally = new UpstreamTally(),
  images?: GatewayImages,
) {
  const tracker = new JobTracker({
    adapters: Object.values(adapters),
    clock,
    random: () => 0.5,
    timeoutMs: 24 * 3600_000,
  })
  const hub = new JobHub({ tracker, store: new MemoryJobStore(), clock })
  return hubJobs({ adapters, hub, tracker, tally, images })
}
