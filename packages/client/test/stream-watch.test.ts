import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient, DarkroomApiError } from '../src/index.js'
import { collect, drive, recordingFetch } from './gateway-app.js'
import { startGateway } from './helpers.js'
import { cutStream, expectWellFormedWatch, isEvents, newJob } from './watch-helpers.js'

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
