import {
  type Clock,
  createProviderAdapter,
  decodeHandle,
  InvalidInputError,
  isProviderId,
  type Job,
  JobTracker,
  operationInputJsonSchema,
  PROVIDER_IDS,
  type ProviderAdapter,
  type ProviderId,
  type ProviderOptionsMap,
  REQUEST_PATHS,
  systemClock,
} from '@darkroom/core'
import type { DarkroomClient } from '../client-types.js'
import { completeClient } from '../run-job.js'
import { uploadBytes } from '../uploads/upload-bytes.js'
import {
  createJobBody,
  describeProvider,
  type ProviderInfo,
  parseCreateJob,
} from '../wire/index.js'
import { dataUrlUpload } from './base64-fields.js'

/** Options of {@link createDirectClient}. */
export interface DirectClientOptions {
  /**
   * The providers to call, each with its adapter factory's options (credentials, and optionally
   * `baseUrl`, `retries`, `timeoutMs`...). Only these are offered; the others are refused.
   */
  providers: ProviderOptionsMap
  /** A `fetch` for every provider that sets none of its own (tests, proxies, custom agents). */
  fetch?: typeof fetch | undefined
  /**
   * Time source of every adapter and watch that sets none of its own. For tests and benchmarks:
   * pass core's `VirtualClock` (and the emulators' clock) to run whole jobs in virtual time.
   * Default: the wall clock.
   */
  clock?: Clock | undefined
  /**
   * Status requests per second per provider that all of this client's watches share (one
   * `JobTracker` per client: any number of watches of one job cost one poller). One number for
   * every provider or one per provider. Default 10 per provider.
   */
  requestsPerSecond?: number | Partial<Record<ProviderId, number>> | undefined
}

/**
 * Darkroom in-process: core's provider adapters called directly with the caller's own
 * credentials, and watched by core's polling engine: one `JobTracker` per client, so every watch
 * shares each provider's request budget and two watches of one job cost one poller. Job ids are
 * core's encoded handles, so a job can be resumed from any process with the same credentials.
 */
export function createDirectClient(options: DirectClientOptions): DarkroomClient {
  const { clock } = options
  const adapters: Partial<Record<ProviderId, ProviderAdapter>> = {}
  for (const [id, entry] of Object.entries(options.providers ?? {})) {
    if (!entry) continue
    if (!isProviderId(id)) {
      throw new TypeError(
        `createDirectClient: unknown provider "${id}"; use ${PROVIDER_IDS.join(', ')}.`,
      )
    }
    adapters[id] = createProviderAdapter(id, {
      ...entry,
      fetch: entry.fetch ?? options.fetch,
      clock: entry.clock ?? clock,
    })
  }

  // One scheduler per client, so its watches share each provider's budget and every poll.
  const tracker = new JobTracker({
    adapters: Object.values(adapters),
    clock,
    requestsPerSecond: options.requestsPerSecond ?? 10,
  })

  function adapterFor(provider: ProviderId, call: string): ProviderAdapter {
    const adapter = adapters[provider]
    if (adapter) return adapter
    const offered = Object.keys(adapters).join(', ') || 'none'
    const message = `provider "${provider}" is not configured in createDirectClient (configured: ${offered})`
    throw new InvalidInputError(`${message}.`, {
      issues: [{ path: REQUEST_PATHS.provider, message }],
      call,
    })
  }
  const resolve = (id: string, call: string) => {
    const handle = decodeHandle(id)
    return { handle, adapter: adapterFor(handle.provider, call) }
  }

  return completeClient(
    {
      providers: {
        list: async (): Promise<ProviderInfo[]> =>
          Object.values(adapters).map((adapter) =>
            describeProvider(adapter, operationInputJsonSchema),
          ),
      },
      uploads: {
        async create(image, call = {}) {
          const { bytes, contentType } = await uploadBytes(image, call.contentType)
          return dataUrlUpload(bytes, contentType, call.for)
        },
      },
      jobs: {
        // The request is checked as the gateway checks it, so both transports refuse alike.
        create: async (request, call = {}) => {
          if (call.idempotencyKey !== undefined) throw keysNeedGateway()
          const { provider, operation, input, webhook } = parseCreateJob(createJobBody(request))
          if (webhook) throw directWebhook()
          return adapterFor(provider, 'submit').submit(operation, input, { signal: call.signal })
        },
        get: async (id, call = {}) => {
          const { adapter, handle } = resolve(id, 'status')
          return adapter.status(handle, { signal: call.signal })
        },
        // Nothing is kept in process, so there is nothing honest to list: said so.
        list: async () => {
          throw new InvalidInputError(
            'jobs.list: the direct client keeps no job store, so it cannot list jobs; list them through a gateway with a job store (createClient), or keep the ids jobs.create returns.',
            { issues: [], call: 'list' },
          )
        },
        // A generator, so a bad id surfaces when the watch is iterated, as with the gateway.
        watch: async function* (id, watchOptions = {}) {
          const { handle } = resolve(id, 'watch')
          const { signal, timeoutMs } = watchOptions
          yield* tracker.watch(handle, { signal, timeoutMs })
        },
        wait: async (id, waitOptions = {}) => {
          const { handle } = resolve(id, 'watch')
          const { signal, timeoutMs, onUpdate } = waitOptions
          let last: Job | undefined
          for await (const job of tracker.watch(handle, { signal, timeoutMs })) {
            onUpdate?.(job)
            last = job
          }
          return last as Job
        },
        image: async (id, index, call = {}) => {
          const { adapter, handle } = resolve(id, 'image')
          return adapter.image(handle, index, { signal: call.signal })
        },
      },
    },
    clock ?? systemClock,
  )
}

/** Webhooks come from a gateway's outbox: in process there is nobody to deliver them. */
function directWebhook(): InvalidInputError {
  const message =
    'is delivered by a gateway, and the direct client has none: submit through createClient, or wait for the job with jobs.wait'
  return new InvalidInputError(`jobs.create: the webhook ${message}.`, {
    issues: [{ path: '(webhook)', message }],
    call: 'submit',
  })
}

/** The direct client submits straight to the provider: no store of keys could make a repeat safe. */
function keysNeedGateway(): InvalidInputError {
  const message =
    'the direct client submits straight to the provider and keeps no keys, so a repeat would submit again'
  return new InvalidInputError(
    `jobs.create: idempotencyKey is not supported here: ${message}. Leave it out, or submit through a gateway (createClient), which keeps keys for a day.`,
    { issues: [{ path: '(idempotencyKey)', message }], call: 'create' },
  )
}
