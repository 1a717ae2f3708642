// Test support only (not published): the one scripted `fetch` behind every provider unit test.

/** A request as the scripted fetch saw it. */
export interface SeenRequest {
  method: string
  url: URL
  headers: Headers
  /** The body as text; empty when there was none. */
  body: string
}

/** Status and headers of a reply described as data. */
export interface ReplyHead {
  /** HTTP status. Default 200. */
  status?: number
  /** Response headers. Default none (JSON replies get a JSON content-type). */
  headers?: Record<string, string>
}

/** A reply described as data: a JSON value, text, bytes, or (none of them) an empty body. */
export type ReplySpec = ReplyHead &
  (
    | { json: unknown }
    | { text: string }
    | { bytes: Uint8Array }
    | { json?: never; text?: never; bytes?: never }
  )

/** Computes the reply from the request and the route's call number (from 0). */
export type ReplyFunction = (request: SeenRequest, call: number) => Reply | Promise<Reply>

/**
 * What a route answers: data, a `Response` (cloned, so it may repeat), an `Error` (thrown, as
 * `fetch` rejects when the network fails), or a function of the request (one that never settles
 * leaves the request hanging until its signal aborts, as a silent server does).
 */
export type Reply = ReplySpec | Response | Error | ReplyFunction

/**
 * Replies by route. A key is `*` (any request), `/path` (any method), `METHOD *` (any path) or
 * `METHOD /path`; the most specific match wins. A list is a queue: call n gets reply n, and
 * the last reply repeats.
 */
export type Routes = Record<string, Reply | readonly Reply[]>

/** Options of {@link scriptedFetch}. */
export interface ScriptedFetchOptions {
  /**
   * A path prefix that routes ignore (Aidge's `/rest`, so routes are keyed by API name).
   * Requests outside it route by their full path. Default: none.
   */
  pathPrefix?: string
}

/** A scripted `fetch` and what it saw. */
export interface ScriptedFetch {
  fetch: typeof globalThis.fetch
  /** Every request, routed or not, in the order sent. */
  requests: SeenRequest[]
  /** How many requests the route with this key answered. Throws for a key that is no route. */
  calls(route: string): number
}

const ROUTE_KEY = /^(?:\*|\/\S*|[A-Z]+ (?:\*|\/\S*))$/

/**
 * A `fetch` answering from `routes` and recording every request. A request no route matches
 * gets a 404 whose body names it and the routes there are, like a gateway that knows no such API.
 */
export function scriptedFetch(routes: Routes, options: ScriptedFetchOptions = {}): ScriptedFetch {
  const queues = new Map<string, readonly Reply[]>()
  for (const [key, value] of Object.entries(routes)) {
    if (!ROUTE_KEY.test(key)) {
      throw new TypeError(
        `scriptedFetch: route "${key}" is not "*", "/path", "METHOD *" or "METHOD /path".`,
      )
    }
    const queue = Array.isArray(value) ? (value as readonly Reply[]) : [value as Reply]
    if (queue.length === 0) {
      throw new TypeError(`scriptedFetch: route "${key}" has no reply; give it at least one.`)
    }
    queues.set(key, queue)
  }
  const counts = new Map<string, number>()
  const requests: SeenRequest[] = []

  function routeOf(method: string, pathname: string): string | undefined {
    const prefix = options.pathPrefix
    const path = prefix && pathname.startsWith(prefix) ? pathname.slice(prefix.length) : pathname
    return [`${method} ${path}`, path, `${method} *`, '*'].find((key) => queues.has(key))
  }

  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init)
    const seen: SeenRequest = {
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body: await request.text(),
    }
    requests.push(seen)
    const key = routeOf(seen.method, seen.url.pathname)
    if (key === undefined) {
      const known = [...queues.keys()].join(', ') || 'none'
      return new Response(
        `scriptedFetch: no route for ${seen.method} ${seen.url.pathname} (routes: ${known})`,
        { status: 404, headers: { 'content-type': 'text/plain' } },
      )
    }
    const call = counts.get(key) ?? 0
    counts.set(key, call + 1)
    const queue = queues.get(key) ?? []
    return abortable(
      request.signal,
      answer(queue[Math.min(call, queue.length - 1)] as Reply, seen, call),
    )
  }) as typeof globalThis.fetch

  return {
    fetch: fetchImpl,
    requests,
    calls(route) {
      if (!queues.has(route)) {
        const known = [...queues.keys()].join(', ') || 'none'
        throw new TypeError(`scriptedFetch: "${route}" is not a route (routes: ${known}).`)
      }
      return counts.get(route) ?? 0
    },
  }
}

/** As `fetch` does, rejects with the signal's reason once it aborts (a reply may never come). */
function abortable<T>(signal: AbortSignal, work: Promise<T>): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

async function answer(reply: Reply, request: SeenRequest, call: number): Promise<Response> {
  if (reply instanceof Response) return reply.clone()
  if (reply instanceof Error) throw reply
  if (typeof reply === 'function') return answer(await reply(request, call), request, call)
  return toResponse(reply)
}

function toResponse(reply: ReplySpec): Response {
  const init = { status: reply.status ?? 200, headers: reply.headers }
  if ('json' in reply) {
    const headers = { 'content-type': 'application/json;charset=utf-8', ...reply.headers }
    return new Response(JSON.stringify(reply.json), { ...init, headers })
  }
  if ('text' in reply) return new Response(reply.text, init)
  // A copy on a plain ArrayBuffer, the only kind a body takes (and the test keeps its array).
  if ('bytes' in reply) return new Response(new Uint8Array(reply.bytes ?? []), init)
  return new Response(null, init)
}
