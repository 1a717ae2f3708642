import { DarkroomTimeoutError } from '@darkroom/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient, DarkroomApiError } from '../src/index.js'
import { collect, drive, recordingFetch } from './gateway-app.js'
import { startGateway } from './helpers.js'
import {
  cutStream,
  errorEvent,
  expectWellFormedWatch,
  isEvents,
  isJobGet,
  newJob,
  SHUTDOWN_EVENT,
} from './watch-helpers.js'

const sse = { 'content-type': 'text/event-stream' }

describe('watching over the event stream: resuming and closing', () => {
  let gw: Awaited<ReturnType<typeof startGateway>>
  beforeAll(async () => {
    gw = await startGateway()
  })
  afterAll(() => gw.close())

  it.each(['drop', 'close'] as const)(
    'resumes with Last-Event-ID when the stream ends mid-way (%s) and still reaches the end',
    async (how) => {
      const job = await newJob(gw)
      let streams = 0
      const { fetch, seen } = recordingFetch(globalThis.fetch, async (request, answer) => {
        const response = await answer()
        if (!isEvents(request) || streams++ > 0) return response
        return cutStream(response, (text) => text.includes('event: job'), how)
      })
      const client = createClient({ baseUrl: gw.url, apiKey: 'demo', fetch, clock: gw.clock })
      const updates = await drive(gw.clock, collect(client.jobs.watch(job.id)))
      expectWellFormedWatch(updates)
      const events = seen.filter((r) => r.url.endsWith('/events'))
      expect(events).toHaveLength(2)
      expect(events[0]?.headers.get('last-event-id')).toBeNull()
      expect(events[1]?.headers.get('last-event-id')).toBe('1')
      expect(events[1]?.headers.get('accept')).toBe('text/event-stream')
    },
  )

  /**
   * Watches a new job to the end with a 20 s idle timeout, its first event stream cut `how` after
   * job event 1; checks the reconnect resumed after it, and returns when each stream was asked for.
   */
  async function watchCutAfterFirstEvent(how: 'hang' | 'shutdown'): Promise<number[]> {
    const job = await newJob(gw)
    let streams = 0
    const asked: number[] = []
    const { fetch, seen } = recordingFetch(globalThis.fetch, async (request, answer) => {
      if (isEvents(request)) asked.push(gw.clock.now())
      const response = await answer()
      if (!isEvents(request) || streams++ > 0) return response
      return cutStream(response, (text) => text.includes('event: job'), how)
    })
    const client = createClient({
      baseUrl: gw.url,
      apiKey: 'demo',
      fetch,
      clock: gw.clock,
      streamIdleTimeoutMs: 20_000,
    })
    const updates = await drive(gw.clock, collect(client.jobs.watch(job.id)))
    expectWellFormedWatch(updates)
    const events = seen.filter((r) => r.url.endsWith('/events'))
    expect(events.map((r) => r.headers.get('last-event-id'))).toEqual([null, '1'])
    return asked
  }

  it('takes a silent stream (no heartbeat) for dead after the idle timeout and reconnects', async () => {
    const [first = 0, second = 0] = await watchCutAfterFirstEvent('hang')
    expect(second - first).toBeGreaterThanOrEqual(20_000)
  })

  it('reconnects with Last-Event-ID at once on a `shutdown` event, not after the idle timeout', async () => {
    const [first = 0, second = 0] = await watchCutAfterFirstEvent('shutdown')
    // Within a step of the test's clock.
    expect(second - first).toBeLessThan(1000)
  })

  it('throws the problem of an `error` event as a DarkroomApiError', async () => {
    const job = await newJob(gw)
    const problem = {
      type: 'urn:darkroom:problem:unauthorized',
      title: 'Unauthorized',
      status: 502,
      detail: 'speedpix refused our credentials',
      code: 'unauthorized',
      retryable: false,
      requestId: 'req-9',
    }
    const { fetch } = recordingFetch(globalThis.fetch, async (request, answer) =>
      isEvents(request)
        ? new Response(`: heartbeat\n\nevent: error\ndata: ${JSON.stringify(problem)}\n\n`, {
            headers: { 'content-type': 'text/event-stream' },
          })
        : answer(),
    )
    const client = createClient({ baseUrl: gw.url, apiKey: 'demo', fetch, clock: gw.clock })
    const error = await drive(gw.clock, client.jobs.wait(job.id)).catch((e: unknown) => e)
    expect(DarkroomApiError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ status: 502, code: 'unauthorized', requestId: 'req-9', problem })
  })

  /** A client whose event streams go through `rewrite`, with when each stream was asked for. */
  function streamingThrough(
    rewrite: (response: Response, stream: number) => Response | Promise<Response>,
  ) {
    const connectedAt: number[] = []
    const { fetch, seen } = recordingFetch(globalThis.fetch, async (request, answer) => {
      if (!isEvents(request)) return answer()
      connectedAt.push(gw.clock.now())
      return rewrite(await answer(), connectedAt.length)
    })
    const client = createClient({
      baseUrl: gw.url,
      apiKey: 'demo',
      fetch,
      clock: gw.clock,
      random: () => 0,
    })
    const streams = () => seen.filter(isEventsSeen)
    const polls = () => seen.filter((r) => isJobGet(new Request(r.url, { method: r.method })))
    return { client, connectedAt, streams, polls }
  }
  const isEventsSeen = (r: { url: string }) => new URL(r.url).pathname.endsWith('/events')
  const afterFirstJob = (text: string) => text.includes('event: job')

  it('waits out a retryable `error` event: reconnects after the backoff with Last-Event-ID, to the end', async () => {
    const job = await newJob(gw)
    const { client, connectedAt, streams } = streamingThrough((response, stream) =>
      stream === 1 ? cutStream(response, afterFirstJob, 'hang', errorEvent(503, true)) : response,
    )
    const done = await drive(gw.clock, client.jobs.wait(job.id))
    expect(done.state).toBe('succeeded')
    expect(streams().map((r) => r.headers.get('last-event-id'))).toEqual([null, '1'])
    // core's backoff for a first retry, drawn at 0: 500 ms (drive() moves in 250 ms steps).
    const gap = (connectedAt[1] as number) - (connectedAt[0] as number)
    expect(gap).toBeGreaterThanOrEqual(500)
    expect(gap).toBeLessThan(1000)
  })

  it('a retryable error that lasts ends the watch at its deadline, the error as the cause', async () => {
    const job = await newJob(gw, 'slow [[duration:600]]')
    const { client, streams, polls } = streamingThrough(async (response) => {
      await response.body?.cancel()
      return new Response(errorEvent(503, true), { headers: sse })
    })
    const started = gw.clock.now()
    const error = await drive(gw.clock, client.jobs.wait(job.id, { timeoutMs: 10_000 })).catch(
      (e: unknown) => e,
    )
    expect(DarkroomTimeoutError.isInstance(error), String(error)).toBe(true)
    expect(gw.clock.now() - started).toBeGreaterThanOrEqual(10_000)
    expect(gw.clock.now() - started).toBeLessThan(10_500)
    const cause = (error as Error).cause
    expect(DarkroomApiError.isInstance(cause)).toBe(true)
    expect(cause).toMatchObject({ status: 503, retryable: true, requestId: 'req-7' })
    // Backing off 0.5 s, 1 s, 2 s, 4 s: five streams in 10 s, and no polling (the stream works).
    expect(streams()).toHaveLength(5)
    expect(polls()).toEqual([])
  })

  it('reconnects at once with Last-Event-ID on `event: shutdown`, never counting it as fruitless', async () => {
    const job = await newJob(gw)
    // The first stream ends after its first job event, the next two before any: a gateway that
    // stops, then two instances that are stopping too; the fourth stream is served whole.
    const { client, connectedAt, streams, polls } = streamingThrough(async (response, stream) => {
      if (stream === 1) return cutStream(response, afterFirstJob, 'hang', SHUTDOWN_EVENT)
      if (stream > 3) return response
      await response.body?.cancel()
      return cutStream(new Response(SHUTDOWN_EVENT, { headers: sse }), () => false, 'hang')
    })
    const updates = await drive(gw.clock, collect(client.jobs.watch(job.id)))
    expectWellFormedWatch(updates)
    expect(streams().map((r) => r.headers.get('last-event-id'))).toEqual([null, '1', '1', '1'])
    expect(polls()).toEqual([])
    const [first, second, third] = connectedAt as [number, number, number]
    // At once: within a step of drive() (250 ms), where a backoff would be 500 ms at least.
    expect(second - first).toBeLessThan(500)
    // A shutdown right after connecting again is waited out (no loop of instant reconnects).
    expect(third - second).toBeGreaterThanOrEqual(500)
  })

  it('closes the event stream when the caller stops watching early', async () => {
    const job = await newJob(gw)
    let canceled = false
    const { fetch } = recordingFetch(globalThis.fetch, async (request, answer) => {
      const response = await answer()
      if (!isEvents(request)) return response
      const reader = (response.body as ReadableStream<Uint8Array>).getReader()
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const { done, value } = await reader.read()
          if (done) controller.close()
          else controller.enqueue(value)
        },
        cancel(reason) {
          canceled = true
          return reader.cancel(reason)
        },
      })
      return new Response(body, { headers: response.headers })
    })
    const client = createClient({ baseUrl: gw.url, apiKey: 'demo', fetch, clock: gw.clock })
    const first = await drive(
      gw.clock,
      (async () => {
        for await (const update of client.jobs.watch(job.id)) return update
      })(),
    )
    expect(first?.id).toBe(job.id)
    expect(canceled).toBe(true)
  })
})
