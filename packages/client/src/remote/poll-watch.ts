import {
  DarkroomError,
  type Job,
  type JobHandle,
  JobSchema,
  type ProviderAdapter,
  watchJob,
} from '@darkroom/core'
import { continueFrom, snapshotChanged } from '@darkroom/core/engine'
import type { Gateway } from './gateway-http.js'
import { isTransient, type WatchScope } from './watch-scope.js'

const ROUTE = 'GET /v1/jobs/:id'

function unsupported(): never {
  throw new DarkroomError('Only status is polled through the gateway.', { code: 'invalid_input' })
}

/**
 * Watches a job by polling `GET /v1/jobs/:id`, for where the event stream is unavailable. The
 * gateway stands in for the provider under core's own engine (`watchJob`): the same adaptive
 * schedule (`planNextPoll` over the job's history), backoff and deadline as the direct transport.
 */
export async function* pollJob(
  gateway: Gateway,
  id: string,
  scope: WatchScope,
): AsyncGenerator<Job, void, undefined> {
  const path = `v1/jobs/${encodeURIComponent(id)}`
  // No retries inside a request: every wait of a watch is on the client's clock, within its
  // deadline, and so is every request, its answer included.
  const get = (signal: AbortSignal | undefined) =>
    gateway.json(ROUTE, path, JobSchema, { signal, retries: 0, timeoutMs: scope.remainingMs })
  // The first snapshot names the provider and operation the schedule is tuned for.
  let seed = scope.last
  const fresh = seed === null
  for (let attempt = 1; seed === null; attempt++) {
    try {
      seed = await get(scope.signal)
    } catch (error) {
      const stop = scope.explain(error)
      if (stop !== error || !isTransient(error)) throw stop
      await scope.backOff(attempt, error)
    }
  }
  const handle: JobHandle = {
    provider: seed.provider,
    operation: seed.operation,
    providerJobId: seed.providerJobId,
  }
  const adapter: ProviderAdapter = {
    id: seed.provider,
    operations: {},
    submit: unsupported,
    image: unsupported,
    // The engine waits out the gateway's errors itself, Retry-After included (`retryAfterMs`).
    status: (_handle, options) => get(options?.signal),
  }
  try {
    const watch = watchJob(adapter, handle, {
      clock: scope.clock,
      random: scope.random,
      signal: scope.signal,
      timeoutMs: Math.max(1, scope.remainingMs),
      ...(fresh && { initial: seed }),
    })
    for await (const next of watch) {
      const job = continueFrom(scope.last, next)
      if (snapshotChanged(scope.last, job)) {
        scope.last = job
        yield job
      }
    }
  } catch (error) {
    throw scope.explain(error)
  }
}
