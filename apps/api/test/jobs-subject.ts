// A `JobsSubject` for the contract suite in process: the emulators on a virtual clock, behind a
// fetch that counts status calls, and the implementation `build` makes over their adapters.
import {
  createProviderAdapter,
  type ProviderAdapter,
  type ProviderId,
  VirtualClock,
} from '@darkroom/core'
import { createEmulators, inProcessAdapterOptions } from '@darkroom/emulator'
import type { GatewayJobs } from '../src/jobs/gateway-jobs.js'
import type { JobsSubject } from './jobs-contract.js'

/** Speedpix's request that is one status call each (a finished job's result is a second one). */
const STATUS_PATH = /\/scc\/sd_get_progress$/

/** What {@link inProcessSubject}'s `build` is given. */
export interface SubjectWiring {
  clock: VirtualClock
  adapters: Partial<Record<ProviderId, ProviderAdapter>>
}

/**
 * The emulators (seed 7) and speedpix's adapter on one virtual clock; `build` wires the
 * implementation, and again on `restart` when `restartable` (same emulator, same clock).
 */
export function inProcessSubject(
  build: (wiring: SubjectWiring) => GatewayJobs | Promise<GatewayJobs>,
  options: { restartable?: boolean } = {},
): () => Promise<JobsSubject> {
  return async () => {
    const clock = new VirtualClock()
    const emulators = createEmulators({ clock, seed: 7 })
    let statusCalls = 0
    const wired = inProcessAdapterOptions(emulators, clock).speedpix
    const upstream = wired.fetch as typeof fetch
    const counting: typeof fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input))
      if (STATUS_PATH.test(url.pathname)) statusCalls += 1
      return upstream(input, init)
    }
    const adapters = { speedpix: createProviderAdapter('speedpix', { ...wired, fetch: counting }) }
    const subject: JobsSubject = {
      jobs: await build({ clock, adapters }),
      run: (work) => clock.run(work),
      advance: (ms) => clock.advance(ms),
      statusRequests: () => statusCalls,
      close: () => subject.jobs.close(),
    }
    if (options.restartable) {
      subject.restart = async () => {
        await subject.jobs.close()
        subject.jobs = await build({ clock, adapters })
        return subject.jobs
      }
    }
    return subject
  }
}
