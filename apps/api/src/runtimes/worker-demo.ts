// Cloudflare Workers entry for the demo: the same gateway with the emulators wired in-process.
import { demoAdapters } from '../demo.js'
import { workerHandler } from './worker-handler.js'
import { objectDemoState } from './workers/object-demo-state.js'
import { providerJobsClass } from './workers/provider-jobs-object.js'

export default workerHandler((wiring) => demoAdapters(wiring))

/**
 * One provider's jobs, with that provider's emulator inside the object, on the object's clock
 * (so alarms move the emulated jobs on) and with its jobs in the object's storage (so a
 * restarted demo object's emulator still knows the jobs it resumes).
 */
export const ProviderJobs = providerJobsClass(
  (_config, { clock, onRequest, storage }) =>
    demoAdapters({ clock, onRequest, ...objectDemoState(storage) }),
  {
    // A demo Worker may route its webhook deliveries to a receiver Worker through a service
    // binding named DARKROOM_WEBHOOK_OUTBOUND (the workerd tests do); else the global fetch.
    webhookFetch: (env) => {
      const outbound = env.DARKROOM_WEBHOOK_OUTBOUND as { fetch: typeof fetch } | undefined
      return outbound && ((input, init) => outbound.fetch(input, init))
    },
  },
)
