import type { Clock } from '../../clock/clock.js'
import { createHttpClient, type HttpClient, type RequestEvent } from '../../http/http-client.js'
import type { ProviderId } from '../../model/job.js'

/** Options every adapter factory takes besides its credentials. */
export interface CommonAdapterOptions {
  /** The provider's base URL. Default: its real production host. */
  baseUrl?: string | undefined
  /** Swappable `fetch`: tests and the in-process emulators pass their own. */
  fetch?: typeof fetch | undefined
  /** Time source for signatures, timeouts and backoff. Default: the wall clock. */
  clock?: Clock | undefined
  /** Extra attempts of idempotent calls after a transient failure. Default 2. */
  retries?: number | undefined
  /** Per-attempt timeout in milliseconds. Default 30 000. */
  timeoutMs?: number | undefined
  /** Source of jitter and nonces' randomness where one is needed. Default `Math.random`. */
  random?: (() => number) | undefined
  /**
   * Told of every attempt of every HTTP request the adapter sends (submit, status, image), once
   * it ends: provider, call, attempt, status or error, duration. For metrics; it must not throw
   * (what it throws is ignored). Default none.
   */
  onRequest?: ((event: RequestEvent) => void) | undefined
}

/** Checks a credential option is a non-empty string, naming the option when it is not. */
export function requireCredential(provider: string, name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(`${provider}: option "${name}" is required and must be a non-empty string.`)
  }
  return value
}

/** Normalizes a base URL option: absolute http(s), no trailing slash. */
export function normalizeBaseUrl(provider: string, value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new TypeError(
      `${provider}: baseUrl "${value}" is not an absolute URL (e.g. https://host).`,
    )
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`${provider}: baseUrl must be http or https, got ${url.protocol}`)
  }
  return url.toString().replace(/\/+$/, '')
}

/**
 * The HTTP client of an adapter, configured from its common options. `secrets` are the adapter's
 * credentials: they are removed from every answer before it is read.
 */
export function httpClientFor(
  provider: ProviderId,
  options: CommonAdapterOptions,
  clock: Clock,
  secrets: readonly string[],
): HttpClient {
  return createHttpClient({
    provider,
    fetch: options.fetch,
    clock,
    retries: options.retries,
    timeoutMs: options.timeoutMs,
    random: options.random,
    secrets,
    onRequest: options.onRequest,
  })
}
