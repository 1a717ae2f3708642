import http from 'node:http'
import { createParser } from 'eventsource-parser'

/** One server-sent-event stream held open by the benchmark. */
export interface HeldStream {
  /** `job` events received. */
  events: number
  /** Heartbeat comments received. */
  heartbeats: number
  status: number | null
  /** The stream ended or failed before the benchmark closed it. */
  dropped: boolean
  error: string | null
  close(): void
}

/**
 * Opens `GET url` as an event stream on a socket of its own (no agent pooling), as 1000
 * separate browsers would, and counts what arrives.
 */
export function holdStream(url: string, key: string): HeldStream {
  let closing = false
  const stream: HeldStream = {
    events: 0,
    heartbeats: 0,
    status: null,
    dropped: false,
    error: null,
    close: () => {
      closing = true
      request.destroy()
    },
  }
  const drop = (why: string) => {
    if (closing || stream.dropped) return
    stream.dropped = true
    stream.error = why
  }
  const request = http.get(url, {
    agent: false,
    headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream' },
  })
  request.on('response', (response) => {
    stream.status = response.statusCode ?? null
    if (response.statusCode !== 200) drop(`HTTP ${response.statusCode}`)
    const parser = createParser({
      onEvent: (event) => {
        if (event.event === 'job') stream.events += 1
        else if (event.event === 'error') drop(`error event: ${event.data}`)
      },
      onComment: () => {
        stream.heartbeats += 1
      },
    })
    response.setEncoding('utf8')
    response.on('data', (chunk: string) => parser.feed(chunk))
    response.on('end', () => drop('ended by the server'))
    response.on('error', (error) => drop(error.message))
  })
  request.on('error', (error) => drop(error.message))
  return stream
}

/** Resolves when `done()` holds, checking every `everyMs`; rejects after `timeoutMs`. */
export async function waitUntil(
  done: () => boolean,
  timeoutMs: number,
  what: string,
  everyMs = 50,
): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!done()) {
    if (Date.now() > until) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`)
    await new Promise((r) => setTimeout(r, everyMs))
  }
}
