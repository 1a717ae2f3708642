import type { AddressInfo } from 'node:net'
import { type Clock, JobHub, JobTracker, systemClock } from '@darkroom/core'
import { createRedactor } from '@darkroom/core/provider-kit'
import type { AllowedHost } from '../config-urls.js'
import { ConfigError } from '../config-values.js'
import { demoAdapters } from '../demo.js'
import { GatewayImages } from '../images/gateway-images.js'
import { s3ImageStorage } from '../images/s3-image-storage.js'
import { hubJobs } from '../jobs/hub-jobs.js'
import { gatewayDispatcher, webhookPolicy } from '../jobs/webhook-delivery.js'
import { generatedOpenApi } from '../openapi/build.js'
import { loadServerLimits, type ServerLimits } from '../server-limits.js'
import { buildGateway, listenAddress, serverUrl, wireGateway } from '../start.js'
import { createKeepAliveFetch } from './keep-alive-fetch.js'
import { createGatewayServer } from './node-http.js'
import { fileImageStorage, gatewayImagesPath } from './node-image-storage.js'
import { createStdoutLog } from './node-log.js'
import { closeGracefully } from './node-shutdown.js'
import { gatewayStorePath, openGatewayStore } from './node-store.js'
import { withTestCrash } from './node-test-crash.js'
import { nodeWebhookGuard, type ResolveAll } from './node-webhooks.js'

/** A gateway listening on a socket. */
export interface NodeGateway {
  url: string
  banner: string
  /** The SQLite file the gateway keeps its jobs in (see `gatewayStorePath`). */
  storePath: string
  /**
   * The directory the gateway keeps images in (see `gatewayImagesPath`); unused while an S3
   * bucket is configured (`DARKROOM_IMAGES_S3_*`).
   */
  imagesPath: string
  /** Where images are kept, as the banner says: `files in <dir>` or `S3 bucket "<b>" at <url>`. */
  imagesIn: string
  /** The grace of a shutdown, in ms (`DARKROOM_SHUTDOWN_GRACE_MS`). */
  graceMs: number
  /**
   * Resolves once every image keep begun so far has settled (written, or given up and logged):
   * keeping runs after a job succeeds, so a caller that must see the files waits for this.
   */
  imagesIdle(): Promise<void>
  /**
   * Shuts down gracefully (see `closeGracefully`): resolves once every connection has ended,
   * within the grace. Calling it again returns the same promise.
   */
  close(): Promise<void>
}

/** How long the gateway holds a job at most, in ms: a day (jobs take minutes). */
const HELD_JOB_TIMEOUT_MS = 24 * 60 * 60 * 1000

/** The server limits of an environment, or the start-up message naming the bad variable. */
function limitsOf(env: Record<string, string | undefined>): ServerLimits | string {
  try {
    return loadServerLimits(env)
  } catch (error) {
    if (ConfigError.isInstance(error)) return `Darkroom gateway not started: ${error.message}`
    throw error
  }
}

/**
 * Starts the gateway on Node from an environment: what `pnpm start:api` runs. Rejects with the
 * configuration message when the environment is bad, with the store's message when its file
 * cannot be used, or when the port cannot be bound. `clock` runs the app and the shutdown grace
 * (default: the wall clock).
 */
export async function startNodeGateway(
  env: Record<string, string | undefined>,
  options: {
    clock?: Clock
    /** How webhook hosts are resolved (tests pass their own). Default: `dns.lookup`. */
    resolveWebhookHost?: ResolveAll
  } = {},
): Promise<NodeGateway> {
  // Holds no socket until the first upstream call, so the early returns below need not close it.
  const upstream = createKeepAliveFetch()
  const wired = wireGateway(env, (wiring) => demoAdapters({ ...wiring, clock: options.clock }), {
    clock: options.clock,
    fetch: upstream.fetch,
  })
  if (!wired.ok) throw new Error(wired.error)
  const limits = limitsOf(env)
  if (typeof limits === 'string') throw new Error(limits)
  const address = listenAddress(env)
  if (!address.ok) throw new Error(address.error)
  const storePath = gatewayStorePath(env, wired.config.demo)
  const store = withTestCrash(await openGatewayStore(storePath), env.DARKROOM_TEST_CRASH_AT)
  const logs = createStdoutLog()
  let own: AllowedHost[] = []
  const streams = new AbortController()
  // One scheduler for every job of this process, holding each to its end (a day at most).
  const tracker = new JobTracker({
    adapters: Object.values(wired.adapters),
    clock: options.clock,
    timeoutMs: HELD_JOB_TIMEOUT_MS,
  })
  const guard = nodeWebhookGuard(webhookPolicy(wired.config), options.resolveWebhookHost)
  const dispatcher = gatewayDispatcher({
    store,
    config: wired.config,
    clock: options.clock,
    fetch: guard.fetch,
    checkUrl: guard.checkUrl,
    onError: (error) => logs.log({ level: 'error', message: `webhook outbox: ${String(error)}` }),
  })
  const hub = new JobHub({
    tracker,
    store,
    clock: options.clock,
    onWriteError: (error, key) =>
      logs.log({ level: 'error', message: `job store write failed for ${key}: ${String(error)}` }),
    webhooks: { onEnqueued: () => dispatcher.wake() },
  })
  // Kept images and uploads: in the configured bucket, else as files beside the store; messages
  // through the redactor.
  const redact = createRedactor(wired.config.secrets)
  const imagesPath = gatewayImagesPath(env, wired.config.demo)
  const s3 = wired.config.images.s3
  const imagesIn = s3 ? `S3 bucket "${s3.bucket}" at ${s3.endpoint}` : `files in ${imagesPath}`
  const images = new GatewayImages({
    storage: s3 ? s3ImageStorage(s3) : fileImageStorage(imagesPath),
    config: wired.config.images,
    clock: options.clock ?? systemClock,
    log: (message) => logs.log({ level: 'warn', message: redact(message) }),
  })
  const jobs = hubJobs({ adapters: wired.adapters, hub, tracker, tally: wired.tally, images })
  const resumed = await jobs.resume()
  // Pending deliveries of an earlier run resume at their planned times.
  dispatcher.start()
  const started = buildGateway(wired, {
    jobs: () => jobs,
    clock: options.clock,
    openApi: generatedOpenApi,
    log: logs.log,
    ownHosts: () => own,
    shutdown: streams.signal,
    images: () => images,
    checkWebhookUrl: guard.checkUrl,
  })
  // The scheduler and the dispatcher stop first, then the store closes: no write follows it.
  const release = () =>
    Promise.all([started.jobs.close(), dispatcher.close()])
      .then(() => store.close())
      .then(() => guard.close())
  const { port, hostname } = address
  const gateway = createGatewayServer(started.app.fetch, limits)
  const { server } = gateway
  let closing: Promise<void> | null = null
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      void release()
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `Port ${port} is in use: set PORT to another one.`
            : String(error),
        ),
      )
    })
    server.listen(port, hostname, () => {
      const info = server.address() as AddressInfo
      own = listeningHosts(hostname, info.port)
      resolve({
        url: serverUrl(hostname, info.port),
        banner: `${started.banner}; images in ${imagesIn}${resumed > 0 ? `; resumed ${resumed} unfinished job(s)` : ''}`,
        storePath,
        imagesPath,
        imagesIn,
        graceMs: limits.shutdownGraceMs,
        imagesIdle: () => images.idle(),
        close: () => {
          closing ??= closeGracefully(
            gateway,
            streams,
            limits.shutdownGraceMs,
            options.clock ?? systemClock,
          )
            .then(release)
            .then(() => {
              logs.flush()
              return upstream.close()
            })
          return closing
        },
      })
    })
  })
}

/**
 * The hosts a request may name to reach this server, trusted for absolute URLs: the address it
 * is bound to, and on loopback the loopback names too. None for a wildcard bind (0.0.0.0, ::),
 * where only the operator knows the public name (`DARKROOM_PUBLIC_URL`, `DARKROOM_ALLOWED_HOSTS`).
 */
export function listeningHosts(hostname: string, port: number): AllowedHost[] {
  const host = hostname.toLowerCase()
  if (host === '0.0.0.0' || host === '::' || host === '') return []
  const loopback = host === 'localhost' || host === '::1' || host.startsWith('127.')
  const names = new Set([host.includes(':') ? `[${host}]` : host])
  if (loopback) for (const name of ['localhost', '127.0.0.1', '[::1]']) names.add(name)
  return [...names].map((name) => ({ hostname: name, port }))
}
