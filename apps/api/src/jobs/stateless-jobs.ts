import { type Clock, type PollingOptions, type ProviderId, watchJob } from '@darkroom/core'
import { HttpProblem } from '../http/http-problem.js'
import type { GatewayJobs, GatewayMetrics } from './gateway-jobs.js'
import { type OfferedAdapters, offeredAdapter } from './offered.js'
import { UpstreamTally, WatcherGauge } from './upstream-tally.js'

/** Options of {@link statelessJobs}. */
export interface StatelessJobsOptions {
  /** Time source of the watches. Default: the wall clock. */
  clock?: Clock | undefined
  /** Polling options of each watch (e.g. `maxLagMs`, `learner`). Default: core's. */
  watch?: PollingOptions | undefined
  /**
   * What the adapters' `onRequest` feeds. Default: a tally of its own, which counts nothing
   * unless the adapters were built with its `onRequest`.
   */
  tally?: UpstreamTally | undefined
}

/**
 * Jobs with nothing kept, where there is no store (Bun, Deno, the Worker until its Durable
 * Object): every read asks the provider, every watch polls on its own (N event streams of one job
 * are N pollers, outside any budget), nothing is resumed after a restart.
 */
export function statelessJobs(
  adapters: OfferedAdapters,
  options: StatelessJobsOptions = {},
): GatewayJobs {
  const tally = options.tally ?? new UpstreamTally()
  const watchers = new WatcherGauge()
  const submit: GatewayJobs['submit'] = async (provider, operation, input, _owner, options) => {
    if (options?.webhook) throw needsStore('deliver webhooks')
    return offeredAdapter(adapters, provider).submit(operation, input)
  }
  return {
    submit,
    // Nothing is kept here, keys included: every keyed submit is a new one (see the README).
    submitOnce: async (provider, operation, input, owner, _idempotency, submitOptions) => ({
      job: await submit(provider, operation, input, owner, submitOptions),
      replayed: false,
    }),
    get: async (handle) => offeredAdapter(adapters, handle.provider).status(handle),
    async *watch(handle, _owner, watchOptions = {}) {
      const adapter = offeredAdapter(adapters, handle.provider)
      const close = watchers.open(handle.provider)
      try {
        yield* watchJob(adapter, handle, {
          ...options.watch,
          clock: options.clock,
          signal: watchOptions.signal,
          timeoutMs: watchOptions.timeoutMs,
        })
      } finally {
        close()
      }
    },
    list: () => Promise.reject(needsStore('list jobs')),
    deliveries: () => Promise.reject(needsStore('keep webhook deliveries')),
    redeliver: () => Promise.reject(needsStore('resend webhook deliveries')),
    image: async (handle, index) => offeredAdapter(adapters, handle.provider).image(handle, index),
    metrics(): Promise<GatewayMetrics> {
      // No budget: every status request counts as spent from an unlimited one.
      const budget = Object.keys(adapters).map((id) => ({
        provider: id as ProviderId,
        requestsPerSecond: null,
        spent: tally.total(id as ProviderId, 'status'),
      }))
      return Promise.resolve({
        upstream: tally.rows(),
        jobs: [],
        watchers: watchers.rows(),
        budget,
      })
    },
    close: () => Promise.resolve(),
  }
}

/** Nothing is recorded here, so what needs a record is refused: said so, never an empty answer. */
function needsStore(what: string): HttpProblem {
  return new HttpProblem({
    status: 501,
    code: 'store_required',
    detail: `This gateway keeps no job store, so it cannot ${what}: run it on Node or Workers, which record every job.`,
  })
}
