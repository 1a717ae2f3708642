// Shared by the watch tests: request predicates, a stream cutter, and what every watch must satisfy.
import type { Job } from '@darkroom/core'
import { expect } from 'vitest'
import { createClient } from '../src/index.js'
import { drive } from './gateway-app.js'
import type { startGateway } from './helpers.js'

export const isEvents = (request: Request) => new URL(request.url).pathname.endsWith('/events')
export const isJobGet = (request: Request) =>
  request.method === 'GET' && /^\/v1\/jobs\/[^/]+$/.test(new URL(request.url).pathname)

/** The `shutdown` event a gateway ends its streams with, after job event 1. */
export const SHUTDOWN_EVENT = `event: shutdown\ndata: ${JSON.stringify({
  reason: 'shutdown',
  lastEventId: '1',
  detail: 'The gateway is shutting down; reconnect with Last-Event-ID: 1 to go on.',
})}\n\n`

/**
 * Passes the event stream through until `cut` says stop (after the text seen so far), sends
 * `tail` (an event of the test's own, say), then ends it the given way: a network error (`drop`),
 * a clean close, silence while holding it open (`hang`), or the gateway's `shutdown` event and
 * then silence (a proxy that keeps the connection open after the server ended it).
 */
export function cutStream(
  response: Response,
  cut: (text: string) => boolean,
  how: 'drop' | 'close' | 'hang' | 'shutdown',
  tail = '',
) {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader()
  let text = ''
  const decoder = new TextDecoder()
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (cut(text)) {
        reader.cancel().catch(() => undefined)
        if (tail) controller.enqueue(new TextEncoder().encode(tail))
        if (how === 'drop') controller.error(new TypeError('terminated: other side closed'))
        else if (how === 'close') controller.close()
        else if (how === 'shutdown') controller.enqueue(new TextEncoder().encode(SHUTDOWN_EVENT))
        return new Promise(() => undefined) // hang: never another byte
      }
      const { done, value } = await reader.read()
      if (done) return controller.close()
      text += decoder.decode(value, { stream: true })
      controller.enqueue(value)
    },
  })
  return new Response(body, { status: response.status, headers: response.headers })
}

export function expectWellFormedWatch(updates: Job[]): void {
  expect(updates.at(-1)?.state).toBe('succeeded')
  const progress = updates.map((j) => j.progress ?? 0)
  expect(progress).toEqual([...progress].sort((a, b) => a - b))
  for (let i = 1; i < updates.length; i++) {
    const { observedAt: _a, ...prev } = updates[i - 1] as Job
    const { observedAt: _b, ...next } = updates[i] as Job
    expect(next).not.toEqual(prev)
  }
}

/** An `error` event, as the gateway ends a stream whose watch failed. */
export function errorEvent(status: number, retryable: boolean): string {
  const problem = {
    type: 'urn:darkroom:problem:provider_error',
    title: 'Provider error',
    status,
    detail: 'speedpix is unavailable',
    code: 'provider_error',
    retryable,
    requestId: 'req-7',
  }
  return `event: error\ndata: ${JSON.stringify(problem)}\n\n`
}

/** Submits a speedpix job through the gateway. */
export function newJob(gw: Awaited<ReturnType<typeof startGateway>>, prompt = 'a lighthouse') {
  return drive(
    gw.clock,
    createClient({ baseUrl: gw.url, apiKey: 'demo', clock: gw.clock }).jobs.create({
      provider: 'speedpix',
      operation: 'txt2img',
      input: { prompt, width: 256, height: 256 },
    }),
  )
}
