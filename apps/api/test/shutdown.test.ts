import { connect } from 'node:net'
import { VirtualClock } from '@darkroom/core'
import { afterEach, describe, expect, it } from 'vitest'
import { startNodeGateway } from '../src/runtimes/node-server.js'
import { tempDataDir } from './child-gateway.js'
import { loopbackCaller, makeGateway, readSse, submitTxt2img } from './helpers.js'

const SLOW = 'a slow kite [[duration:600]]'

/** Reads one event stream until its first `job` event; the reader, to go on with. */
async function firstJobEvent(clock: VirtualClock, response: Response) {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader()
  const decoder = new TextDecoder()
  let text = ''
  while (!text.includes('event: job')) {
    const { value, done } = await clock.run(reader.read())
    if (done) throw new Error(`the stream ended before its first job event: ${text}`)
    text += decoder.decode(value)
  }
  return new Response(
    new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { value, done } = await reader.read()
        if (done) controller.close()
        else controller.enqueue(value)
      },
      cancel: () => reader.cancel(),
    }),
  )
}

describe('shutting down', () => {
  const dirs: (() => void)[] = []
  afterEach(() => {
    for (const remove of dirs.splice(0)) remove()
  })
  /** A data directory of its own for a Node gateway of this test, removed after it. */
  const dataDir = () => {
    const data = tempDataDir()
    dirs.push(data.remove)
    return data.dir
  }
  it('ends an open event stream with `event: shutdown` saying where to resume', async () => {
    const shutdown = new AbortController()
    const { request, clock } = makeGateway({ shutdown: shutdown.signal })
    const job = await submitTxt2img((path, init) => clock.run(request(path, init)), SLOW)
    const stream = await clock.run(
      request(`/v1/jobs/${job.id}/events`, { headers: { 'last-event-id': '7' } }),
    )
    const rest = await firstJobEvent(clock, stream)
    shutdown.abort()
    // The rest of the stream arrives without moving the clock: nothing waits for a timer.
    const { events } = await readSse(rest)
    const shutdownEvent = events.pop()
    expect(events.every((e) => e.event === 'job')).toBe(true)
    // Numbered on from Last-Event-ID 7: the first job event was 8.
    const lastEventId = events.at(-1)?.id ?? '8'
    expect(shutdownEvent?.event).toBe('shutdown')
    expect(shutdownEvent?.id).toBeUndefined()
    expect(JSON.parse(shutdownEvent?.data ?? '{}')).toEqual({
      reason: 'shutdown',
      lastEventId,
      detail: `The gateway is shutting down; reconnect with Last-Event-ID: ${lastEventId} to go on.`,
    })
    // A stream asked for once the shutdown has begun gets only that event.
    const late = await readSse(await clock.run(request(`/v1/jobs/${job.id}/events`)))
    expect(late.events.map((e) => e.event)).toEqual(['shutdown'])
  })

  it('on Node: ends the streams, stops accepting, and closes with nothing left to force', async () => {
    const clock = new VirtualClock()
    const gateway = await startNodeGateway(
      { PORT: '0', HOST: '127.0.0.1', DARKROOM_DATA_DIR: dataDir() },
      { clock },
    )
    const call = loopbackCaller(clock, () => gateway.url)
    const job = await submitTxt2img(call, SLOW)
    const streams = await Promise.all(
      [1, 2, 3].map(async () => firstJobEvent(clock, await call(`/v1/jobs/${job.id}/events`))),
    )
    const before = clock.now()
    const closed = gateway.close()
    for (const stream of streams) {
      // Job events may have come while the other streams were opened; the last is the shutdown.
      const { events } = await readSse(stream)
      const shutdown = events.pop()
      expect(shutdown?.event).toBe('shutdown')
      expect(events.every((e) => e.event === 'job')).toBe(true)
      const lastEventId = events.at(-1)?.id ?? '1'
      expect(JSON.parse(shutdown?.data ?? '{}')).toMatchObject({ lastEventId })
    }
    // Closed within the grace without the grace running out: the clock never moved.
    await closed
    expect(clock.now()).toBe(before)
    await expect(fetch(`${gateway.url}/healthz`)).rejects.toThrow()
  })

  it('on Node: cuts what is still open once the grace runs out', async () => {
    const clock = new VirtualClock()
    const gateway = await startNodeGateway(
      {
        PORT: '0',
        HOST: '127.0.0.1',
        DARKROOM_SHUTDOWN_GRACE_MS: '2000',
        DARKROOM_DATA_DIR: dataDir(),
      },
      { clock },
    )
    const socket = connect(Number(new URL(gateway.url).port), '127.0.0.1')
    const socketClosed = new Promise((resolve) => socket.once('close', resolve))
    // An upload that stops half-way keeps its request open.
    await new Promise<void>((resolve) =>
      socket.write(
        'POST /v1/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer demo\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"provider":',
        () => resolve(),
      ),
    )
    await new Promise((resolve) => setTimeout(resolve, 50))
    let done = false
    const closed = gateway.close().then(() => {
      done = true
    })
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(done).toBe(false)
    await clock.advance(2000)
    await closed
    await socketClosed
  })
})
