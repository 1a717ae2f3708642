// Cloudflare Workers entry (production): no emulators in this bundle.
import { liveAdapters } from '../adapters.js'
import { workerHandler } from './worker-handler.js'
import { providerJobsClass } from './workers/provider-jobs-object.js'

export default workerHandler(null)

/** One provider's jobs, scheduler and budget (wrangler.jsonc's DARKROOM_JOBS binding). */
export const ProviderJobs = providerJobsClass((config, { clock, onRequest }) =>
  liveAdapters(config, { clock: clock.outbound, onRequest }),
)
