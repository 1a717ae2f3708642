import {
  type Clock,
  DarkroomError,
  type PollingOptions,
  type ProviderAdapter,
  ProviderApiError,
  type ProviderId,
  watchJob,
} from '@darkroom/core'
import type { GatewayJobs, GatewayMetrics } from './gateway-jobs.js'
import { type OfferedAdapters, offeredAdapter } from './offered.js'
import { UpstreamTally, WatcherGauge } from './upstream-tally.js'

/** Options of {@link statelessJobs}. */
export interface StatelessJobsOptions {
  /** Time source of the watches. Default: the wall clock. */
  clock?: Clock | undefined
  /** Polling options of each watch (e.g. `maxLagMs`, `learner`). Default: core's. */
  watch?: PollingOptions | undefined
}

/** How an adapter call ended, as `UpstreamRequestCount.outcome` says it. */
function outcomeOf(error: unknown): string {
  if (ProviderApiError.isInstance(error)) return String(error.status)
  return DarkroomError.isInstance(error) ? error.code : 'error'
}

/**
 * Jobs with nothing kept: every read asks the provider, every watch polls on its own (N event
 * streams of one job are N pollers), and nothing is resumed after a restart. The interim wiring
 * until the durable hub lands; counts adapter calls (one per call, retries inside it not seen).
 */
export function statelessJobs(
  adapters: OfferedAdapters,
  options: StatelessJobsOptions = {},
): GatewayJobs {
  const tally = new UpstreamTally()
  const watchers = new WatcherGauge()
  const counted = async <T>(provider: ProviderId, call: string, work: () => Promise<T>) => {
    try {
      const result = await work()
      tally.record(provider, call, 'ok')
      return result
    } catch (error) {
      tally.record(provider, call, outcomeOf(error))
      throw error
    }
  }
  const counting = (adapter: ProviderAdapter): ProviderAdapter => ({
    ...adapter,
    submit: (operation, input, opts) =>
      counted(adapter.id, 'submit', () => adapter.submit(operation, input, opts)),
    status: (handle, opts) => counted(adapter.id, 'status', () => adapter.status(handle, opts)),
    image: (handle, index, opts) =>
      counted(adapter.id, 'image', () => adapter.image(handle, index, opts)),
  })
  const wrapped: OfferedAdapters = Object.fromEntries(
    Object.entries(adapters).map(([id, adapter]) => [id, counting(adapter)]),
  )
  return {
    submit: async (provider, operation, input) =>
      offeredAdapter(wrapped, provider).submit(operation, input),
    get: async (handle) => offeredAdapter(wrapped, handle.provider).status(handle),
    async *watch(handle, _owner, watchOptions = {}) {
      const adapter = offeredAdapter(wrapped, handle.provider)
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
    image: async (handle, index) => offeredAdapter(wrapped, handle.provider).image(handle, index),
    metrics(): Promise<GatewayMetrics> {
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
