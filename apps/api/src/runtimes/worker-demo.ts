// Cloudflare Workers entry for the demo: the same gateway with the emulators wired in-process.
import { demoAdapters } from '../demo.js'
import { workerHandler } from './worker-handler.js'
import { providerJobsClass } from './workers/provider-jobs-object.js'

export default workerHandler((wiring) => demoAdapters(wiring))

/**
 * One provider's jobs, with that provider's emulator in the object's memory, on the object's
 * clock (so alarms move the emulated jobs on). A restarted demo object keeps its jobs in storage
 * but its emulator forgets them: their next poll answers not_found.
 */
export const ProviderJobs = providerJobsClass((_config, wiring) => demoAdapters(wiring))
