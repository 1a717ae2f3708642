import type { Clock, PollingOptions, ProviderAdapter, ProviderId } from '@darkroom/core'
import type { GatewayConfig } from '../config.js'
import type { AllowedHost } from '../config-urls.js'
import type { GatewayImages } from '../images/gateway-images.js'
import type { GatewayJobs } from '../jobs/gateway-jobs.js'
import type { OpenApiDocument, OpenApiSource } from '../openapi/document.js'
import type { ApiKeyVerifier } from '../security/api-keys.js'

/** The default gap between heartbeat comments of an event stream, in ms. */
export const DEFAULT_HEARTBEAT_MS = 15_000

/** One structured log line. Every string in it has been through the redactor. */
export type LogEntry = Record<string, string | number | boolean | null>

/** What the app is built from: configuration and the adapters, wired by the runtime entry. */
export interface AppDeps {
  config: GatewayConfig
  /**
   * The providers on offer (their operations and input schemas); a provider without an adapter
   * is not offered. Routes run jobs only through `jobs`.
   */
  adapters: Partial<Record<ProviderId, ProviderAdapter>>
  /**
   * Where every job operation goes (submit, read, watch, images, metrics). Default:
   * `statelessJobs(adapters, { clock, watch })`, which keeps nothing.
   */
  jobs?: GatewayJobs | undefined
  /**
   * The gateway's image storage, for `POST /v1/uploads` and the signed upload URLs (the jobs
   * read kept images through `jobs.image`). Default none: uploads answer 501.
   */
  images?: GatewayImages | undefined
  /** Time source for watches and heartbeats. Default: the wall clock. */
  clock?: Clock | undefined
  /** Where log lines go (already redacted). Default: one JSON line on the console. */
  log?: ((entry: LogEntry) => void) | undefined
  /** Polling options of the default `jobs`' watches (e.g. `maxLagMs`). Default: core's. */
  watch?: PollingOptions | undefined
  /** Gap between SSE heartbeat comments. Default {@link DEFAULT_HEARTBEAT_MS} (15 000 ms). */
  heartbeatMs?: number | undefined
  /**
   * The addresses the server itself listens on, whose `Host` is trusted like
   * `DARKROOM_ALLOWED_HOSTS` (read per request: a port 0 is known only once listening). Default
   * none.
   */
  ownHosts?: (() => readonly AllowedHost[]) | undefined
  /**
   * Aborted when the server shuts down: every open event stream then ends with a `shutdown`
   * event (reconnect with `Last-Event-ID`), and one asked for afterwards gets only that. Default:
   * never.
   */
  shutdown?: AbortSignal | undefined
  /**
   * Why a webhook URL is refused at submit, or null (Node: every address its host resolves to is
   * checked). Default: `webhookUrlRefusal` under the configuration's policy (literal addresses
   * and local names), the Workers' check.
   */
  checkWebhookUrl?: ((url: string) => Promise<string | null>) | undefined
  /** A version string for `/healthz`. */
  version?: string | undefined
  /**
   * The OpenAPI document (with every operation's input JSON Schema, which `/v1/providers` also
   * serves): `generatedOpenApi(adapters)` in process, or `assetOpenApi(env.ASSETS)` on Workers.
   */
  openApi: OpenApiSource
}

/** Hono's per-request variables in this app. */
export interface AppVariables {
  requestId: string
  /** The name of the API key that authenticated the request. */
  keyName: string
}

/** The app's environment type for Hono. */
export interface AppEnv {
  Variables: AppVariables
}

/** Everything routes share, resolved once when the app is built. */
export interface AppContext {
  deps: AppDeps
  clock: Clock
  /** `deps.jobs`, or the default over `deps.adapters`. */
  jobs: GatewayJobs
  verifier: ApiKeyVerifier
  /** Checks the metrics key; null when none is configured (`GET /metrics` is off). */
  metricsVerifier: ApiKeyVerifier | null
  redact: (text: string) => string
  log: (entry: LogEntry) => void
  /** The OpenAPI document narrowed to the offered providers; read once, retried after a failure. */
  openApi: () => Promise<OpenApiDocument>
}
