// Test support only (excluded from the build): a scripted `fetch` standing in for Aidge.
import { VirtualClock } from '../../clock/virtual-clock.js'
import { type AidgeOptions, createAidge } from './aidge-adapter.js'

/** One recorded request. */
export interface Recorded {
  method: string
  url: URL
  headers: Headers
  body: string
}

/** What the fake answers: a JSON value (HTTP 200), or a full Response. */
export type Reply = unknown | Response | (() => Response)

/**
 * A fetch that answers each API name (or any other path; `*` for every path not listed) from a
 * queue of replies; the last reply of a queue repeats.
 */
export function scriptedFetch(routes: Record<string, Reply[]>) {
  const requests: Recorded[] = []
  const fakeFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init)
    const url = new URL(request.url)
    requests.push({
      method: request.method,
      url,
      headers: request.headers,
      body: await request.text(),
    })
    const key = url.pathname.replace(/^\/rest/, '')
    const queue = routes[key] ?? routes['*']
    if (!queue || queue.length === 0) throw new TypeError(`no scripted reply for ${key}`)
    const reply = queue.length > 1 ? queue.shift() : queue[0]
    if (typeof reply === 'function') return (reply as () => Response)()
    if (reply instanceof Response) return reply.clone()
    return Response.json(reply)
  }) as typeof globalThis.fetch
  return { fetch: fakeFetch, requests }
}

/** The adapter against a scripted fetch, on a virtual clock, retries off unless asked. */
export function adapterWith(routes: Record<string, Reply[]>, options: Partial<AidgeOptions> = {}) {
  const clock = new VirtualClock()
  const { fetch, requests } = scriptedFetch(routes)
  const adapter = createAidge({
    accessKeyName: 'test-key',
    accessKeySecret: 'testSecret',
    baseUrl: 'https://api.aidc-ai.com',
    fetch,
    clock,
    retries: 0,
    ...options,
  })
  return { adapter, clock, requests }
}

/** A handle for the fixtures' task. */
export const FIXTURE_HANDLE = {
  provider: 'aidge' as const,
  operation: 'virtual-model',
  providerJobId: '7ad4a0e6b3b54e3f9b1c2d3e4f5a6b7c',
}
