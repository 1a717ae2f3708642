import type { Clock, ProviderAdapter, ProviderId, RequestEvent } from '@darkroom/core'
import type { Hono } from 'hono'
import { liveAdapters } from './adapters.js'
import { createApp } from './app.js'
import { ConfigError, type GatewayConfig, loadConfig } from './config.js'
import type { AppDeps, AppEnv, LogEntry } from './http/context.js'
import type { GatewayImages } from './images/gateway-images.js'
import type { GatewayJobs } from './jobs/gateway-jobs.js'
import { statelessJobs } from './jobs/stateless-jobs.js'
import { UpstreamTally } from './jobs/upstream-tally.js'
import type { OpenApiSource } from './openapi/document.js'

/** The providers wired into a gateway. */
export type Adapters = Partial<Record<ProviderId, ProviderAdapter>>

/** Wires the demo's adapters, each telling `onRequest` of its upstream requests. */
export type DemoWiring = (wiring: { onRequest: (event: RequestEvent) => void }) => Adapters

/** What a runtime entry passes to {@link startGateway}. */
export interface StartOptions {
  /**
   * Where the OpenAPI document comes from, given the wired adapters: `generatedOpenApi` where the
   * JSON Schema converter may be loaded, `assetOpenApi(env.ASSETS)` in the production Worker.
   */
  openApi: (adapters: Adapters) => OpenApiSource
  /** Time source of the app. Default: the wall clock. */
  clock?: Clock | undefined
  /**
   * The live adapters' upstream `fetch`: the Node entry's keep-alive one. Default: the global
   * fetch (Workers, Bun, Deno).
   */
  fetch?: typeof fetch | undefined
  /** Where log lines go: the Node entry's batched stdout. Default: one `console.log` a line. */
  log?: ((entry: LogEntry) => void) | undefined
  /** The addresses the server listens on, once known (see `AppDeps.ownHosts`). Default none. */
  ownHosts?: AppDeps['ownHosts']
  /** Aborted when the server shuts down (see `AppDeps.shutdown`). Default: never. */
  shutdown?: AbortSignal | undefined
  /** The gateway's image storage, given the configuration (see `AppDeps.images`). Default none. */
  images?: ((config: GatewayConfig) => GatewayImages) | undefined
  /** The runtime's webhook URL check (see `AppDeps.checkWebhookUrl`). Default: the literal one. */
  checkWebhookUrl?: AppDeps['checkWebhookUrl']
  /**
   * Builds where the routes run jobs, given the wired adapters, the configuration and the tally
   * their requests feed. Default: `statelessJobs(adapters, { clock, tally })`, which keeps nothing.
   */
  jobs?:
    | ((adapters: Adapters, config: GatewayConfig, tally: UpstreamTally) => GatewayJobs)
    | undefined
}

/** The outcome of reading the configuration and building the app. */
export type Started =
  | { ok: true; app: Hono<AppEnv>; banner: string; demo: boolean; jobs: GatewayJobs }
  | { ok: false; error: string }

/** A validated configuration with its adapters wired, before the app is built. */
export type Wired =
  | { ok: true; config: GatewayConfig; adapters: Adapters; banner: string; tally: UpstreamTally }
  | { ok: false; error: string }

/**
 * Validates the environment once and wires live or demo adapters. `demo` is passed in so that
 * entries that must stay small (the production Worker) never import the emulators.
 */
export function wireGateway(
  env: Record<string, string | undefined>,
  demo: DemoWiring | null,
  options: Pick<StartOptions, 'clock' | 'fetch'> = {},
): Wired {
  let config: ReturnType<typeof loadConfig>
  try {
    config = loadConfig(env)
  } catch (error) {
    if (ConfigError.isInstance(error))
      return { ok: false, error: `Darkroom gateway not started: ${error.message}` }
    throw error
  }
  if (config.demo && !demo) {
    return {
      ok: false,
      error:
        'Darkroom gateway not started: demo mode is not available in this build; configure provider credentials, DARKROOM_API_KEYS and DARKROOM_TOKEN_SECRET.',
    }
  }
  // Every upstream request of every adapter is counted here, for /metrics.
  const tally = new UpstreamTally()
  const { onRequest } = tally
  const adapters =
    config.demo && demo
      ? demo({ onRequest })
      : liveAdapters(config, { clock: options.clock, fetch: options.fetch, onRequest })
  const offered = Object.keys(adapters).join(', ')
  const banner = config.demo
    ? `demo mode: providers (${offered}) are in-process emulators; use API key "demo"`
    : `providers: ${offered}; ${config.apiKeys.length} API key(s)`
  return { ok: true, config, adapters, banner, tally }
}

/** Builds the app of a wired gateway, with its jobs (`options.jobs`, or the default). */
export function buildGateway(
  wired: Extract<Wired, { ok: true }>,
  options: StartOptions,
): Extract<Started, { ok: true }> {
  const { config, adapters, banner, tally } = wired
  const jobs = options.jobs
    ? options.jobs(adapters, config, tally)
    : statelessJobs(adapters, { clock: options.clock, tally })
  return {
    ok: true,
    app: createApp({
      config,
      adapters,
      jobs,
      clock: options.clock,
      log: options.log,
      ownHosts: options.ownHosts,
      shutdown: options.shutdown,
      images: options.images?.(config),
      checkWebhookUrl: options.checkWebhookUrl,
      openApi: options.openApi(adapters),
    }),
    banner,
    demo: config.demo,
    jobs,
  }
}

/** What every runtime entry does: {@link wireGateway}, then {@link buildGateway}. */
export function startGateway(
  env: Record<string, string | undefined>,
  demo: DemoWiring | null,
  options: StartOptions,
): Started {
  const wired = wireGateway(env, demo, options)
  return wired.ok ? buildGateway(wired, options) : wired
}

/** Where a server entry (Node, Bun, Deno) listens, or why it cannot. */
export type ListenAddress =
  | { ok: true; port: number; hostname: string }
  | { ok: false; error: string }

/**
 * `PORT` (default 8787; 0 lets the system pick a free one) and `HOST` (default 127.0.0.1), read
 * the same way by every server entry.
 */
export function listenAddress(env: Record<string, string | undefined>): ListenAddress {
  const port = Number(env.PORT?.trim() || '8787')
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    return { ok: false, error: `PORT must be a whole number from 0 to 65535, got "${env.PORT}".` }
  }
  return { ok: true, port, hostname: env.HOST?.trim() || '127.0.0.1' }
}

/** The base URL of a server listening on `hostname` and `port` (an IPv6 host in brackets). */
export function serverUrl(hostname: string, port: number): string {
  return `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}`
}

/** The line every server entry prints once listening (the runtimes' smoke tests read its URL). */
export function listeningLine(runtime: string, url: string, banner: string): string {
  return `Darkroom gateway (${runtime}) listening on ${url} — ${banner}`
}
