import { type Clock, decodeHandle, type JobStore, systemClock } from '@darkroom/core'
import { createRedactor } from '@darkroom/core/provider-kit'
import { WebhookDispatcher } from '@darkroom/core/webhooks'
import type { GatewayConfig } from '../config.js'
import { presentJob } from '../http/present.js'
import { signJobToken } from '../security/job-token.js'
import type { WebhookUrlPolicy } from '../security/webhook-url.js'

/**
 * What a configuration lets webhook URLs be: https and public addresses in production; http and
 * loopback too in demo mode (the README's local receiver) and outside production.
 */
export function webhookPolicy(config: GatewayConfig): WebhookUrlPolicy {
  const relaxed = config.demo || !config.production
  return { httpsOnly: !relaxed, allowLoopback: relaxed, allowHosts: config.webhookAllowHosts }
}

/** What {@link gatewayDispatcher} sends with. */
export interface GatewayDispatcherOptions {
  store: JobStore
  config: GatewayConfig
  /** Why a URL is refused at delivery (the runtime's check), or null. */
  checkUrl: (url: string) => Promise<string | null>
  /** The scheduling clock (a Durable Object's alarm clock). Default: the wall clock. */
  clock?: Clock | undefined
  /** The clock of each request's timeout. Default: `clock`. */
  requestClock?: Clock | undefined
  /** The POSTs' fetch (Node: the DNS-pinned one). Default: the global fetch. */
  fetch?: typeof fetch | undefined
  /** Told of an outbox error (a store write failed). */
  onError: (error: unknown) => void
}

/**
 * The gateway's webhook dispatcher over its store: each owner's secret looked up by key name at
 * every attempt (never kept in the store), and the job in each body as `GET /v1/jobs/:id` shows
 * it, its id the owner's job token, its image URLs under `DARKROOM_PUBLIC_URL` (relative without
 * it, as there is no request to take an origin from).
 */
export function gatewayDispatcher(options: GatewayDispatcherOptions): WebhookDispatcher {
  const { config } = options
  const redact = createRedactor(config.secrets)
  return new WebhookDispatcher({
    store: options.store,
    clock: options.clock,
    requestClock: options.requestClock,
    fetch: options.fetch,
    checkUrl: options.checkUrl,
    onError: options.onError,
    secretFor: (owner) => config.webhookSecrets.get(owner) ?? null,
    present: async (job, owner) => {
      const token = await signJobToken(decodeHandle(job.id), owner, config.tokenSecret)
      const context = { clock: options.clock ?? systemClock, redact, deps: { config } }
      return presentJob(job, token, config.publicUrl ?? '', context)
    },
  })
}
