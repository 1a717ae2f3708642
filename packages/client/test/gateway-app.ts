// A real Darkroom gateway (apps/api's `createApp`) in demo mode on a virtual clock, plus what the
// tests need around it. Web APIs only: the workerd tests use it too.
//
// The gateway is reached by path, not as a dependency: apps/api depends on this package (for its
// wire schemas), and a dependency back would be a cycle that turbo refuses to run.
import { DurationLearner, VirtualClock } from '@darkroom/core'
import { createApp, type LogEntry } from '../../../apps/api/src/app.js'
import { loadConfig } from '../../../apps/api/src/config.js'
import { demoAdapters } from '../../../apps/api/src/demo.js'
import { GatewayImages } from '../../../apps/api/src/images/gateway-images.js'
import { generatedOpenApi } from '../../../apps/api/src/openapi/build.js'
import { memoryHubJobs } from '../../../apps/api/test/memory-hub.js'
import { memoryImageStorage } from '../../../apps/api/test/memory-images.js'

export const DEMO_KEY = 'demo'

/** Options of {@link gatewayApp}. */
export interface GatewayAppOptions {
  clock?: VirtualClock
  /** `DARKROOM_CORS_ORIGINS`. */
  corsOrigins?: string
  heartbeatMs?: number
  seed?: number
  /** `DARKROOM_API_KEYS` besides the demo key, e.g. `bob:bob-secret-0000000`. Default none. */
  apiKeys?: string
  /** Jobs recorded in a memory store (core's JobHub), as Node's gateway does: what `jobs.list` needs. Default: stateless. */
  durable?: boolean
  /** Keeps images and takes uploads (`POST /v1/uploads`), in memory; implies `durable`. Default: no. */
  images?: boolean
}

/** The gateway app on a virtual clock, its emulators wired in-process. */
export function gatewayApp(options: GatewayAppOptions = {}) {
  const clock = options.clock ?? new VirtualClock({ yieldToEventLoop: nextTurn })
  const logs: LogEntry[] = []
  const adapters = demoAdapters({ clock, seed: options.seed ?? 11 })
  const config = loadConfig({
    DARKROOM_DEMO: '1',
    DARKROOM_TOKEN_SECRET: 'client-test-token-secret-0123456789abcdef',
    // The loopback server of these tests is a trusted host: image URLs are absolute.
    DARKROOM_ALLOWED_HOSTS: '127.0.0.1',
    ...(options.corsOrigins && { DARKROOM_CORS_ORIGINS: options.corsOrigins }),
    ...(options.apiKeys && { DARKROOM_API_KEYS: options.apiKeys }),
  })
  const images = options.images
    ? new GatewayImages({ storage: memoryImageStorage(), config: config.images, clock })
    : undefined
  const app = createApp({
    config,
    adapters,
    ...((options.durable || images) && {
      jobs: memoryHubJobs(adapters, clock, undefined, images),
    }),
    images,
    openApi: generatedOpenApi(adapters),
    clock,
    log: (entry) => logs.push(entry),
    watch: { learner: new DurationLearner() },
    heartbeatMs: options.heartbeatMs,
  })
  /** The app as a `fetch`, for in-process use (`createClient({ fetch })`). */
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) =>
    Promise.resolve(app.fetch(new Request(input, init)))) as typeof globalThis.fetch
  return { app, clock, logs, fetch }
}

/** One turn of the event loop; `setImmediate` where there is one, since it lets I/O through sooner. */
export const nextTurn = (): Promise<void> =>
  new Promise((resolve) =>
    typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0),
  )

/**
 * Runs `work` while moving virtual time forward in fixed steps, letting real I/O (loopback
 * sockets, streams) flow between steps. Unlike `VirtualClock.run`, it never jumps straight to a
 * far timer (a watch deadline) while a response is on its way.
 */
export async function drive<T>(
  clock: VirtualClock,
  work: Promise<T> | (() => Promise<T>),
  stepMs = 250,
): Promise<T> {
  const promise = typeof work === 'function' ? work() : work
  let settled = false
  promise.then(
    () => {
      settled = true
    },
    () => {
      settled = true
    },
  )
  while (!settled) {
    await clock.advance(stepMs)
    await nextTurn()
  }
  return promise
}

/** Collects an async iterable. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of items) out.push(item)
  return out
}

/** A request as a test fetch wrapper sees it. */
export interface SeenRequest {
  method: string
  url: string
  headers: Headers
}

/** Wraps a fetch, recording each request and letting the test rewrite answers. */
export function recordingFetch(
  inner: typeof fetch,
  rewrite?: (request: Request, answer: () => Promise<Response>) => Promise<Response>,
): { fetch: typeof fetch; seen: SeenRequest[] } {
  const seen: SeenRequest[] = []
  const wrapped = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init)
    seen.push({ method: request.method, url: request.url, headers: new Headers(request.headers) })
    const answer = () => inner(request)
    return rewrite ? rewrite(request, answer) : answer()
  }) as typeof fetch
  return { fetch: wrapped, seen }
}

/** A gateway problem answer (RFC 9457), as the tests script failures with. */
export function problemAnswer(status: number, retryable: boolean, retryAfter?: string): Response {
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' }
  if (retryAfter !== undefined) headers['retry-after'] = retryAfter
  return Response.json(
    {
      type: 'urn:darkroom:problem:x',
      title: 'x',
      status,
      detail: 'try later',
      code: status === 429 ? 'rate_limited' : 'provider_error',
      retryable,
      requestId: 'r-1',
    },
    { status, headers },
  )
}
