import type { DurableObjectNamespace } from 'cloudflare:workers'
import {
  DarkroomError,
  decodeListCursor,
  encodeListCursor,
  IdempotencyConflictError,
  newestFirst,
  type ProviderId,
  SubmitOutcomeUnknownError,
} from '@darkroom/core'
import type { GatewayJobPage, GatewayJobs, GatewayMetrics } from '../../jobs/gateway-jobs.js'
import { type OfferedAdapters, offeredAdapter } from '../../jobs/offered.js'
import type { ProviderJobsRpc } from './object-rpc.js'
import { pushedWatch } from './pushed-watch.js'
import { errorFromWire, unwrap } from './rpc-errors.js'

/**
 * The Workers' `GatewayJobs`: every provider's jobs live in one Durable Object,
 * `namespace.idFromName(provider)`, which holds them in its SQLite storage and polls them within
 * that provider's one budget, whichever isolate the request reached. The Worker itself keeps
 * nothing; it checks that the provider is offered and forwards.
 */
export function durableObjectJobs(
  namespace: DurableObjectNamespace<ProviderJobsRpc>,
  adapters: OfferedAdapters,
): GatewayJobs {
  const object = (provider: ProviderId): ProviderJobsRpc => {
    // Refuses a provider not offered here before any object is created for it.
    offeredAdapter(adapters, provider)
    return namespace.get(namespace.idFromName(provider))
  }
  const keyIndex = (owner: string): ProviderJobsRpc =>
    namespace.get(namespace.idFromName(`idempotency:${owner}`))
  return {
    submit: async (provider, operation, input, owner, options = {}) =>
      unwrap(await object(provider).submit(provider, operation, input, owner, options.webhook)),
    deliveries: async (handle, owner) =>
      unwrap(await object(handle.provider).deliveries(handle, owner)),
    redeliver: async (handle, owner) =>
      unwrap(await object(handle.provider).redeliver(handle, owner)),
    async submitOnce(provider, operation, input, owner, idempotency, options = {}) {
      const target = object(provider)
      // The owner's key index first: a key is the owner's across providers, so the same key
      // sent to another provider (another fingerprint) is refused before any object submits.
      const index = keyIndex(owner)
      if (unwrap(await index.claimKey(owner, idempotency.key, idempotency.fingerprint)) !== null)
        throw IdempotencyConflictError.reused()
      const answer = await target.submitOnce(
        provider,
        operation,
        input,
        owner,
        idempotency,
        options.webhook,
      )
      if (!answer.ok) {
        const error = errorFromWire(answer.error)
        // A definite failure freed the key in the provider's object: free it here too.
        if (definite(error)) await index.releaseKey(owner, idempotency.key)
        throw error
      }
      return answer.value
    },
    get: async (handle, owner) => unwrap(await object(handle.provider).get(handle, owner)),
    watch: (handle, owner, options = {}) =>
      pushedWatch(async (onJob) => {
        unwrap(await object(handle.provider).watch(handle, owner, options.timeoutMs, onJob))
      }, options.signal),
    async list(query): Promise<GatewayJobPage> {
      // Refused before any object is asked: the same 400 as from a store.
      if (query.cursor !== undefined) decodeListCursor(query.cursor)
      const ids = query.provider ? [query.provider] : (Object.keys(adapters) as ProviderId[])
      // Each object's first `limit` jobs after the cursor hold the merged page's first `limit`;
      // the next page starts after the last one kept, in every object alike.
      const pages = await Promise.all(
        ids.map(async (id) => unwrap(await object(id).list({ ...query, provider: id }))),
      )
      const merged = pages.flatMap((page) => page.jobs).sort((a, b) => newestFirst(a, b))
      const jobs = merged.slice(0, query.limit)
      const more = merged.length > query.limit || pages.some((page) => page.nextCursor !== null)
      const last = jobs.at(-1)
      return {
        jobs,
        nextCursor:
          more && last ? encodeListCursor({ submittedAt: last.submittedAt, key: last.key }) : null,
      }
    },
    image: async (handle, index) => unwrap(await object(handle.provider).image(handle, index)),
    async metrics(): Promise<GatewayMetrics> {
      // Each provider's object reports its own rows; the gateway's view is their union.
      const parts = await Promise.all(
        (Object.keys(adapters) as ProviderId[]).map(async (id) =>
          unwrap(await object(id).metrics()),
        ),
      )
      return {
        upstream: parts.flatMap((p) => p.upstream),
        jobs: parts.flatMap((p) => p.jobs),
        watchers: parts.flatMap((p) => p.watchers),
        budget: parts.flatMap((p) => p.budget),
      }
    },
    // The objects outlive any one request or isolate: there is nothing to release here.
    close: () => Promise.resolve(),
  }
}

/** An error after which the provider's object released the key (see `SubmitJournal.call`). */
function definite(error: Error): boolean {
  return (
    DarkroomError.isInstance(error) &&
    !IdempotencyConflictError.isInstance(error) &&
    !SubmitOutcomeUnknownError.isInstance(error)
  )
}
