import { createSseParser, type ServerSentEvent } from './sse-parser.js'
import type { WatchScope } from './watch-scope.js'

/** How a stream of server-sent events ended, when it did not end the watch itself. */
export type StreamEnd = 'closed' | 'dropped' | 'idle'

/** Options of {@link readEvents}. */
export interface ReadEventsOptions {
  /** Nothing at all (not even a heartbeat) for this long means a dead connection. */
  idleTimeoutMs: number
  /** Receives the server's `retry:` field. */
  onRetry?: ((ms: number) => void) | undefined
}

/**
 * Reads server-sent events from a response body, yielding each message, and returns how the
 * stream ended: closed by the server, dropped mid-way (a network error) or idle past the
 * timeout. A silent half-open connection is only noticed that way, which is why the gateway
 * sends heartbeats. Stopping early (or an abort of the scope) cancels the body.
 */
export async function* readEvents(
  body: ReadableStream<Uint8Array>,
  scope: WatchScope,
  options: ReadEventsOptions,
): AsyncGenerator<ServerSentEvent, StreamEnd, undefined> {
  const queue: ServerSentEvent[] = []
  const feed = createSseParser({ onEvent: (event) => queue.push(event), onRetry: options.onRetry })
  const decoder = new TextDecoder()
  const reader = body.getReader()
  try {
    for (;;) {
      const idle = new AbortController()
      // The same timer bounds the read by the watch's deadline.
      const wait = Math.min(options.idleTimeoutMs, scope.remainingMs)
      const timer = scope.clock.sleep(wait, AbortSignal.any([idle.signal, scope.signal])).then(
        () => 'idle' as const,
        () => 'stop' as const,
      )
      let chunk: ReadableStreamReadResult<Uint8Array> | 'idle' | 'stop'
      try {
        chunk = await Promise.race([reader.read(), timer])
      } catch {
        scope.check()
        return 'dropped'
      } finally {
        idle.abort()
      }
      if (chunk === 'stop') {
        scope.check()
        return 'dropped'
      }
      if (chunk === 'idle') {
        if (wait < options.idleTimeoutMs) throw scope.timeout()
        return 'idle'
      }
      // An event only counts once its blank line arrived; a partial one at the end is dropped.
      if (chunk.done) return 'closed'
      feed(decoder.decode(chunk.value, { stream: true }))
      yield* queue.splice(0)
    }
  } finally {
    reader.cancel().catch(() => undefined)
  }
}
