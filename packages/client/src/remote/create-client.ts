import { type Clock, DEFAULT_TIMEOUT_MS, type Job, JobSchema, systemClock } from '@darkroom/core'
import type { DarkroomClient, JobListOptions, WatchOptions } from '../client-types.js'
import { completeClient } from '../run-job.js'
import {
  createJobBody,
  IDEMPOTENCY_KEY_HEADER,
  isIdempotencyKey,
  JobListAnswerSchema,
} from '../wire/index.js'
import { ProvidersAnswerSchema } from './answers.js'
import { createGateway, type Gateway } from './gateway-http.js'
import { DEFAULT_MAX_IMAGE_BYTES, readImage } from './image-answer.js'
import { streamJob } from './stream-watch.js'
import { WatchScope } from './watch-scope.js'

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** The gateway's base URL, e.g. `https://darkroom.example.com` (a path prefix is kept). */
  baseUrl: string
  /** An API key of the gateway, sent as `Authorization: Bearer <key>`. */
  apiKey: string
  /**
   * Swappable `fetch`, for runtimes and frameworks that provide their own, for tests, and to
   * call a gateway in-process (e.g. `(input, init) => app.fetch(new Request(input, init))`).
   */
  fetch?: typeof fetch | undefined
  /**
   * Timeout of one request in milliseconds, its whole answer included (headers and body), on
   * `clock`; a request of a watch gets at most what is left of the watch's deadline. A timed-out
   * read is not retried. Default 30 000. An event stream is read for as long as the watch lasts.
   */
  timeoutMs?: number | undefined
  /**
   * Extra attempts of a read (`GET`) after a transient failure: network errors, 408, 429 and 5xx
   * answers the gateway does not mark `retryable: false`. Each waits core's `backoffDelay` (0.5–1 s,
   * then 1–2 s, ...) or the answer's `Retry-After`, on the runtime's timers. Default 2. Applied to
   * `jobs.create` (and `run`) too, whose every attempt carries the same `Idempotency-Key`: it is
   * also retried after a timed-out attempt and after a 409 (the first attempt still in flight),
   * and the gateway answers a repeat with the first attempt's job, so a job is never submitted
   * twice. A `submit_outcome_unknown` answer is never retried.
   */
  retries?: number | undefined
  /**
   * A `Retry-After` longer than this is not waited out by an automatic retry: the call fails
   * with the `DarkroomApiError` (its `retryAfterMs` says how long), and the caller decides.
   * Default 60 000.
   */
  maxRetryAfterMs?: number | undefined
  /**
   * An event stream silent (no event, no heartbeat) for this long is taken as dead and resumed.
   * Default 60 000, four of the gateway's default heartbeats.
   */
  streamIdleTimeoutMs?: number | undefined
  /**
   * The largest image `jobs.image` reads, in bytes. A larger answer is refused (a
   * `GatewayResponseError`) as soon as its `Content-Length` or its bytes pass this, and its body
   * is canceled: a gateway or proxy gone wrong cannot fill the memory. Default 32 MiB.
   */
  maxImageBytes?: number | undefined
  /**
   * Time source of request timeouts and of watches: their deadlines, reconnect backoff and the
   * polling fallback. For tests and benchmarks: pass core's `VirtualClock` to run them in virtual
   * time (it holds still while a request awaits its headers, not while a body is read). The
   * retries of a single read (see `retries`) are ky's and wait on the runtime's own timers.
   * Default: the wall clock.
   */
  clock?: Clock | undefined
  /**
   * Source of the jitter of every backoff (retried reads, reconnects, the polling fallback): a
   * uniform draw in [0, 1) per call. For tests: a constant makes each wait exact. Default
   * `Math.random`.
   */
  random?: (() => number) | undefined
}

function gatewayUrl(value: unknown): string {
  let url: URL | null = null
  try {
    url = new URL(String(value))
  } catch {
    url = null
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new TypeError(
      `createClient: baseUrl must be an absolute http(s) URL such as https://darkroom.example.com, got "${String(value)}".`,
    )
  }
  return url.href.replace(/\/+$/, '')
}

/** `?state=…&…` of the members given; the gateway checks them (a 400 names each refused one). */
function listQuery(query: JobListOptions): string {
  const params = new URLSearchParams()
  for (const name of ['state', 'provider', 'limit', 'cursor'] as const) {
    const value = query[name]
    if (value !== undefined) params.set(name, String(value))
  }
  const text = params.toString()
  return text ? `?${text}` : ''
}

/** The longest wait timers take: a longer `setTimeout` fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1

/** A positive option up to `max`, or its default when left out. */
function positive(
  name: keyof ClientOptions,
  value: unknown,
  fallback: number,
  max = MAX_TIMER_MS,
): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !(value > 0 && value <= max)) {
    throw new TypeError(
      `createClient: ${name} must be a positive number up to ${max}, got ${String(value)}.`,
    )
  }
  return value
}

/** The caller's `Idempotency-Key`, checked, or a fresh one for this call. */
function submitKey(key: unknown): string {
  if (key === undefined) {
    // A page that is not a secure context (plain http off localhost) has no randomUUID.
    if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
    const bytes = crypto.getRandomValues(new Uint8Array(16))
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  }
  if (typeof key === 'string' && isIdempotencyKey(key)) return key
  throw new TypeError(
    `jobs.create: idempotencyKey must be 1 to 255 visible ASCII characters, got ${JSON.stringify(key)}.`,
  )
}

async function* watch(
  gateway: Gateway,
  id: string,
  options: WatchOptions,
  idleTimeoutMs: number,
): AsyncGenerator<Job, void, undefined> {
  const scope = new WatchScope(
    gateway.settings,
    options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    options.signal,
    `Darkroom job ${id.slice(0, 16)}…`,
  )
  try {
    const end = yield* streamJob(gateway, id, scope, idleTimeoutMs)
    if (end === 'fallback') {
      // Loaded only when the event stream is unavailable: it runs core's whole polling engine
      // (the tracker, its heaps and the learner), most of the entry's weight otherwise.
      const { pollJob } = await import('./poll-watch.js')
      yield* pollJob(gateway, id, scope)
    }
  } finally {
    scope.close()
  }
}

/**
 * A client of a Darkroom gateway over HTTP, for any JavaScript runtime with `fetch` (browsers,
 * Node, Deno, Bun, Workers). Provider credentials stay on the gateway; this holds an API key.
 */
export function createClient(options: ClientOptions): DarkroomClient {
  if (typeof options?.apiKey !== 'string' || options.apiKey.trim() === '') {
    throw new TypeError(
      'createClient: apiKey is required (the gateway accepts "demo" in demo mode).',
    )
  }
  if (options.random !== undefined && typeof options.random !== 'function') {
    throw new TypeError(
      'createClient: random must be a function returning a uniform draw in [0, 1), such as Math.random.',
    )
  }
  const gateway = createGateway({
    baseUrl: gatewayUrl(options.baseUrl),
    apiKey: options.apiKey,
    fetch: options.fetch,
    timeoutMs: positive('timeoutMs', options.timeoutMs, 30_000),
    retries: options.retries ?? 2,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
    clock: options.clock ?? systemClock,
    random: options.random ?? Math.random,
  })
  const maxImageBytes = positive(
    'maxImageBytes',
    options.maxImageBytes,
    DEFAULT_MAX_IMAGE_BYTES,
    Number.MAX_SAFE_INTEGER,
  )
  const idleTimeoutMs = positive('streamIdleTimeoutMs', options.streamIdleTimeoutMs, 60_000)
  const jobPath = (id: string) => `v1/jobs/${encodeURIComponent(id)}`

  return completeClient(
    {
      providers: {
        list: async (call = {}) =>
          (
            await gateway.json('GET /v1/providers', 'v1/providers', ProvidersAnswerSchema, {
              signal: call.signal,
            })
          ).providers,
      },
      uploads: {
        async create(image, call = {}) {
          const { uploadImage } = await import('./upload-call.js')
          return uploadImage(gateway, image, call)
        },
      },
      jobs: {
        create: async (request, call = {}) =>
          gateway.json('POST /v1/jobs', 'v1/jobs', JobSchema, {
            method: 'post',
            json: createJobBody(request),
            // Sent on every attempt: a retry is then answered with the first attempt's job.
            headers: { [IDEMPOTENCY_KEY_HEADER]: submitKey(call.idempotencyKey) },
            idempotent: true,
            signal: call.signal,
          }),
        get: (id, call = {}) =>
          gateway.json('GET /v1/jobs/:id', jobPath(id), JobSchema, { signal: call.signal }),
        list: (query = {}, call = {}) =>
          gateway.json('GET /v1/jobs', `v1/jobs${listQuery(query)}`, JobListAnswerSchema, {
            signal: call.signal,
          }),
        watch: (id, watchOptions = {}) => watch(gateway, id, watchOptions, idleTimeoutMs),
        async wait(id, waitOptions = {}) {
          let last: Job | undefined
          for await (const job of watch(gateway, id, waitOptions, idleTimeoutMs)) {
            waitOptions.onUpdate?.(job)
            last = job
          }
          return last as Job
        },
        async image(id, index, call = {}) {
          const route = 'GET /v1/jobs/:id/images/:index'
          const path = `${jobPath(id)}/images/${index}`
          return readImage(await gateway.send(route, path, { signal: call.signal }), maxImageBytes)
        },
      },
    },
    gateway.settings.clock,
  )
}
