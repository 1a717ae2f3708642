// Node runtime only: the upstream `fetch` the Node entry gives the adapters. Workers (and Bun,
// Deno) keep their global fetch; nothing else may import this file, so undici never reaches the
// Worker bundle.
import { Agent, type Dispatcher } from 'undici'

/** Options of {@link createKeepAliveFetch}. */
export interface KeepAliveFetchOptions {
  /** Idle sockets are kept this long for the next call to the same origin. Default 10 000 ms. */
  keepAliveTimeoutMs?: number | undefined
  /** Most sockets per origin. Default 64 (a gateway's status calls all go to a few hosts). */
  connections?: number | undefined
  /** Redirects followed, as fetch does (provider image URLs may redirect). Default 20. */
  maxRedirections?: number | undefined
}

/** A `fetch` on a keep-alive pool, and the function that closes its sockets. */
export interface KeepAliveFetch {
  fetch: typeof fetch
  close(): Promise<void>
}

/** Statuses whose answer has no body: a WHATWG `Response` refuses one. */
const NULL_BODY = new Set([101, 103, 204, 205, 304])
/** Statuses fetch follows (its "redirect status" set). */
const REDIRECT = new Set([301, 302, 303, 307, 308])

/**
 * A `fetch` for the adapters built on undici's `Agent.request` rather than the global fetch:
 * the same keep-alive sockets, without the fetch algorithm's per-call work (a `Request`, its
 * body stream and its clone for redirects, a teed body, chunked writes). In the gateway
 * benchmark the global fetch was 16 % of the gateway's CPU per `GET /v1/jobs/:id`, and the
 * emulator behind it paid 0.58 ms per call against 0.44 ms on these sockets.
 *
 * What the adapters rely on is kept: the init's method, headers, string or byte body and
 * `signal` (an abort, the HTTP helper's timeout included, rejects with the signal's reason, as
 * fetch does, and drops the socket); redirects are followed; the answer is a WHATWG `Response`
 * with its status and headers and the whole body. A failure before an answer rejects with a
 * `TypeError` whose `cause` is undici's error, as fetch rejects. Not sent: `accept-encoding` (so
 * bodies arrive uncompressed, and nothing needs decompressing) and cookies.
 */
export function createKeepAliveFetch(options: KeepAliveFetchOptions = {}): KeepAliveFetch {
  const agent = new Agent({
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 10_000,
    connections: options.connections ?? 64,
  })
  const maxRedirections = options.maxRedirections ?? 20

  async function keepAliveFetch(input: RequestInfo | URL, init: RequestInit = {}) {
    const request = typeof input === 'string' || input instanceof URL ? null : input
    let url = new URL(request ? request.url : input.toString())
    checkScheme(url)
    const signal = init.signal ?? request?.signal ?? undefined
    signal?.throwIfAborted()
    let method = (init.method ?? request?.method ?? 'GET').toUpperCase() as Dispatcher.HttpMethod
    const headers = headersOf(init.headers ?? request?.headers)
    let body = await bodyOf(init.body, request)
    try {
      for (let redirects = 0; ; redirects++) {
        const answer = await agent.request({
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method,
          headers,
          body,
          signal,
        })
        const bytes = new Uint8Array(await answer.body.arrayBuffer())
        const status = answer.statusCode
        const location = answer.headers.location
        // Followed here rather than by undici's redirect interceptor, which wraps every call's
        // handlers (2 % of the gateway's CPU) for the rare answer that redirects.
        if (REDIRECT.has(status) && typeof location === 'string') {
          if (redirects >= maxRedirections) throw new TypeError('redirect count exceeded')
          url = new URL(location, url)
          checkScheme(url)
          // As fetch does: 303, and 301/302 after a POST, continue as a GET without the body.
          if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
            method = 'GET'
            body = undefined
          }
          continue
        }
        return new Response(NULL_BODY.has(status) ? null : bytes, {
          status,
          headers: responseHeaders(answer.headers),
        })
      }
    } catch (error) {
      if (signal?.aborted) throw signal.reason
      throw new TypeError('fetch failed', { cause: error })
    }
  }

  return {
    fetch: keepAliveFetch as typeof fetch,
    close: () => agent.close(),
  }
}

function checkScheme(url: URL): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`fetch failed: ${url.protocol} URLs are not supported here.`)
  }
}

/** A plain record as undici takes it; `Headers` and pairs are copied (a record is passed as is). */
function headersOf(init: HeadersInit | undefined): Record<string, string> | undefined {
  if (init === undefined) return undefined
  if (init instanceof Headers || Array.isArray(init)) return Object.fromEntries(new Headers(init))
  return init as Record<string, string>
}

/** The bodies the adapters send (strings, bytes); anything else is refused by name. */
async function bodyOf(
  body: BodyInit | null | undefined,
  request: Request | null,
): Promise<string | Uint8Array | undefined> {
  if (body === undefined || body === null) {
    return request?.body ? new Uint8Array(await request.arrayBuffer()) : undefined
  }
  if (typeof body === 'string' || body instanceof Uint8Array) return body
  if (body instanceof ArrayBuffer) return new Uint8Array(body)
  throw new TypeError(
    `The keep-alive fetch sends string and byte bodies only, not ${Object.prototype.toString.call(body)}.`,
  )
}

function responseHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers()
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v)
    else if (value !== undefined) headers.append(name, value)
  }
  return headers
}
