import {
  DarkroomError,
  type Job,
  type JobHandle,
  JobSchema,
  type ProviderAdapter,
  ProviderApiError,
  watchJob,
} from '@darkroom/core'
import { DarkroomApiError } from '../errors.js'
import { isTransient, retryDelay } from './backoff.js'
import type { Gateway } from './gateway-http.js'
import { continueFrom, snapshotChanged } from './snapshots.js'
import type { WatchScope } from './watch-scope.js'

const ROUTE = 'GET /v1/jobs/:id'

function unsupported(): never {
  throw new DarkroomError('Only status is polled through the gateway.', { code: 'invalid_input' })
}

/**
 * Core's polling engine reads `Retry-After` from `ProviderApiError` only, so a transient gateway
 * answer that carries one is handed to it in that form. It never reaches the caller: the engine
 * waits out every retryable error (until the deadline, which then throws a timeout).
 */
function forEngine(error: unknown, handle: JobHandle): never {
  if (DarkroomApiError.isInstance(error) && error.retryable && error.retryAfterMs !== undefined) {
    throw new ProviderApiError(error.message, {
      provider: handle.provider,
      call: 'status',
      code: error.code,
      status: error.status,
      providerCode: null,
      retryable: true,
      retryAfterMs: error.retryAfterMs,
      requestId: error.requestId,
      cause: error,
    })
  }
  throw error
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
  const get = (signal: AbortSignal | undefined, retries: number | undefined) =>
    gateway.json(ROUTE, path, JobSchema, { signal, retries })
  // The first snapshot names the provider and operation the schedule is tuned for.
  let seed = scope.last
  const fresh = seed === null
  for (let attempt = 1; seed === null; attempt++) {
    try {
      seed = await get(scope.signal, undefined)
    } catch (error) {
      const stop = scope.explain(error)
      if (stop !== error || !isTransient(error)) throw stop
      await scope.sleep(retryDelay(error, attempt))
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
    status: (_handle, options) =>
      get(options?.signal, options?.retries).catch((error: unknown) => forEngine(error, handle)),
  }
  try {
    const watch = watchJob(adapter, handle, {
      clock: scope.clock,
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
