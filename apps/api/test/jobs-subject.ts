// A `JobsSubject` for the contract suite in process: the emulators on a virtual clock, behind a
// fetch that counts status calls, and the implementation `build` makes over their adapters.
import {
  type Clock,
  createProviderAdapter,
  type ProviderAdapter,
  type ProviderId,
  VirtualClock,
} from '@darkroom/core'
import { createEmulators, inProcessAdapterOptions } from '@darkroom/emulator'
import type { GatewayJobs } from '../src/jobs/gateway-jobs.js'
import { UpstreamTally } from '../src/jobs/upstream-tally.js'
import type { JobsSubject } from './jobs-contract.js'

/** Speedpix's request that is one status call each (a finished job's result is a second one). */
const STATUS_PATH = /\/scc\/sd_get_progress$/

/** What {@link inProcessSubject}'s `build` is given. */
export interface SubjectWiring {
  clock: VirtualClock
  adapters: Partial<Record<ProviderId, ProviderAdapter>>
  /** What the adapters' `onRequest` feeds (one for the subject's life, restarts included). */
  tally: UpstreamTally
}

/**
 * Speedpix's adapter on its emulator in process (seed `seed`), behind a fetch that counts status
 * calls, its requests fed to a tally: the wiring the contract suite, the coalescing test and
 * `bench:hub` share. `clock` undefined: the wall clock.
 */
export function countedSpeedpix(clock: Clock | undefined, seed = 7) {
  const emulators = createEmulators({ clock, seed })
  let statusCalls = 0
  const wired = inProcessAdapterOptions(emulators, clock).speedpix
  const upstream = wired.fetch as typeof fetch
  const counting: typeof fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    if (STATUS_PATH.test(url.pathname)) statusCalls += 1
    return upstream(input, init)
  }
  const tally = new UpstreamTally()
  const adapters: Partial<Record<ProviderId, ProviderAdapter>> = {
    speedpix: createProviderAdapter('speedpix', {
      ...wired,
      fetch: counting,
      onRequest: tally.onRequest,
    }),
  }
  return { adapters, tally, statusCalls: () => statusCalls }
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
    const { adapters, tally, statusCalls } = countedSpeedpix(clock)
    const subject: JobsSubject = {
      jobs: await build({ clock, adapters, tally }),
      run: (work) => clock.run(work),
      advance: (ms) => clock.advance(ms),
      statusRequests: statusCalls,
      close: () => subject.jobs.close(),
    }
    if (options.restartable) {
      subject.restart = async () => {
        await subject.jobs.close()
        subject.jobs = await build({ clock, adapters, tally })
        return subject.jobs
      }
    }
    return subject
  }
}
