import { describe, expect, it } from 'vitest'
import { createSseParser, type ServerSentEvent } from './sse-parser.js'

/** What the parser makes of `chunks`, fed one after the other. */
function parse(...chunks: string[]) {
  const events: ServerSentEvent[] = []
  const retries: number[] = []
  const feed = createSseParser({
    onEvent: (e) => events.push(e),
    onRetry: (ms) => retries.push(ms),
  })
  for (const chunk of chunks) feed(chunk)
  return { events, retries }
}

const job = (data: string, id?: string) => ({ event: 'job', data, id })

describe('createSseParser', () => {
  it('reads events as the gateway sends them: heartbeats, retry, id, event and data', () => {
    const stream = ': heartbeat\n\nretry: 2000\n\nid: 1\nevent: job\ndata: {"a":1}\n\n'
    expect(parse(stream)).toEqual({ events: [job('{"a":1}', '1')], retries: [2000] })
  })

  it('gives the same events however the text is cut, a CRLF split in two included', () => {
    const stream = 'id: 7\r\nevent: job\r\ndata: first\r\ndata: second\r\n\r\ndata: plain\r\n\r\n'
    const whole = parse(stream).events
    expect(whole).toEqual([
      job('first\nsecond', '7'),
      { event: undefined, data: 'plain', id: undefined },
    ])
    for (let at = 1; at < stream.length; at++) {
      expect(parse(stream.slice(0, at), stream.slice(at)).events, `cut at ${at}`).toEqual(whole)
    }
    expect(parse(...stream).events).toEqual(whole)
  })

  it('takes CR alone and LF alone as line ends', () => {
    // A CR at the very end may be half of a CRLF: the event is whole once more text comes.
    expect(parse('event: job\rdata: x\r\r').events).toEqual([])
    expect(parse('event: job\rdata: x\r\r', ': next').events).toEqual([job('x')])
    expect(parse('event: job\ndata: x\n\n').events).toEqual([job('x')])
  })

  it('dispatches nothing without data, and nothing before the blank line', () => {
    expect(parse('event: job\n\nid: 3\n\n').events).toEqual([])
    expect(parse('event: job\ndata: half').events).toEqual([])
  })

  it('reads fields as the standard does: one leading space dropped, no colon, empty data', () => {
    expect(parse('data:x\ndata:  y\ndata\n\n').events).toEqual([
      { event: undefined, data: 'x\n y\n', id: undefined },
    ])
  })

  it('skips comments and unknown fields, an id with a NUL and a retry that is not digits', () => {
    const { events, retries } = parse(': note\nfoo: bar\nid: a\0b\nretry: soon\ndata: x\n\n')
    expect(events).toEqual([{ event: undefined, data: 'x', id: undefined }])
    expect(retries).toEqual([])
  })

  it('keeps each id to its own event', () => {
    expect(parse('id: 1\ndata: a\n\ndata: b\n\n').events.map((e) => e.id)).toEqual(['1', undefined])
  })
})
