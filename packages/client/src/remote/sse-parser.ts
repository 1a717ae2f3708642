/** One server-sent event. */
export interface ServerSentEvent {
  /** The `event:` field, or undefined when the event names none (a plain `message`). */
  event: string | undefined
  /** The `data:` lines, joined with `\n`. */
  data: string
  /** The `id:` field of this event, when it had one. */
  id: string | undefined
}

/** Where the parser sends what it reads. */
export interface SseHandlers {
  onEvent(event: ServerSentEvent): void
  /** The `retry:` field: how long the server asks clients to wait before reconnecting. */
  onRetry?: ((ms: number) => void) | undefined
}

const LINE_BREAK = /\r\n|\r|\n/

/**
 * Parses a text/event-stream as the WHATWG HTML standard interprets one ("event stream
 * interpretation"), fed text as it arrives in chunks of any size. An event is dispatched at the
 * blank line that ends it, when it has data; comments and unknown fields are skipped; an `id`
 * holding a NUL and a `retry` that is not all digits are ignored. A line is only read once its
 * end arrived, so a CR at the end of a chunk waits for the next (it may be half of a CRLF).
 * Small on purpose: the remote client's bundle has a size budget, and the gateway's streams need
 * nothing more.
 */
export function createSseParser(handlers: SseHandlers): (chunk: string) => void {
  let pending = ''
  let event: string | undefined
  let data: string[] = []
  let id: string | undefined
  const line = (text: string) => {
    if (text === '') {
      if (data.length > 0) handlers.onEvent({ event, data: data.join('\n'), id })
      event = id = undefined
      data = []
      return
    }
    const colon = text.indexOf(':')
    if (colon === 0) return
    const field = colon < 0 ? text : text.slice(0, colon)
    const value = colon < 0 ? '' : text.slice(colon + (text[colon + 1] === ' ' ? 2 : 1))
    if (field === 'data') data.push(value)
    else if (field === 'event') event = value || undefined
    else if (field === 'id' && !value.includes('\0')) id = value
    else if (field === 'retry' && /^\d+$/.test(value)) handlers.onRetry?.(Number(value))
  }
  return (chunk) => {
    const text = pending + chunk
    const end = text.endsWith('\r') ? text.length - 1 : text.length
    const lines = text.slice(0, end).split(LINE_BREAK)
    pending = (lines.pop() ?? '') + text.slice(end)
    for (const each of lines) line(each)
  }
}
