// Timeouts cover the whole answer, body included, and a watch's deadline is exact. The gateway
// runs in-process on a virtual clock: a stalled body is a promise that never settles, so only a
// timer on the client's clock can end the call, and `clock.run` shows exactly when it does.
import { DarkroomTimeoutError } from '@darkroom/core'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createClient, type DarkroomClient } from '../src/index.js'
import { stalledAfter } from './bodies.js'
import { gatewayApp, recordingFetch } from './gateway-app.js'
import { isEvents, isJobGet } from './watch-helpers.js'

const sse = { 'content-type': 'text/event-stream' }
const input = { prompt: 'a lighthouse', width: 256, height: 256 }

describe('a stalled answer body (in-process gateway, virtual time)', () => {
  const gw = gatewayApp()
  const plain = createClient({
    baseUrl: 'http://gateway.test',
    apiKey: 'demo',
    fetch: gw.fetch,
    clock: gw.clock,
  })
  let done: string

  beforeAll(async () => {
    const job = await gw.clock.run(
      plain.jobs.create({ provider: 'speedpix', operation: 'txt2img', input }),
    )
    done = (await gw.clock.run(plain.jobs.wait(job.id))).id
  })

  const calls: [string, RegExp, (client: DarkroomClient) => Promise<unknown>][] = [
    ['GET /v1/providers', /\/v1\/providers$/, (c) => c.providers.list()],
    ['GET /v1/jobs/:id', /\/v1\/jobs\/[^/]+$/, (c) => c.jobs.get(done)],
    ['GET /v1/jobs/:id/images/:index', /\/images\/0$/, (c) => c.jobs.image(done, 0)],
  ]

  it.each(calls)(
    '%s fails at timeoutMs on the client clock, and its body is canceled',
    async (route, url, call) => {
      let stalled: Awaited<ReturnType<typeof stalledAfter>> | undefined
      const { fetch, seen } = recordingFetch(gw.fetch, async (request, answer) => {
        if (!url.test(new URL(request.url).pathname)) return answer()
        stalled = await stalledAfter(await answer(), 10)
        return stalled.response
      })
      const client = createClient({
        baseUrl: 'http://gateway.test',
        apiKey: 'demo',
        fetch,
        clock: gw.clock,
        timeoutMs: 3000,
      })
      const started = gw.clock.now()
      const error = await gw.clock.run(call(client)).catch((e: unknown) => e)
      expect(DarkroomTimeoutError.isInstance(error), String(error)).toBe(true)
      expect((error as Error).message).toContain(`${route} within 3000 ms`)
      expect(gw.clock.now() - started).toBe(3000)
      expect(stalled?.canceled()).toBe(true)
      // A timed-out read is not sent again: the next attempt would stall the same way.
      expect(seen).toHaveLength(1)
    },
    10_000,
  )

  /** `jobs.wait(id, { timeoutMs: 3000 })` of a new job through `rewrite`: its error and when. */
  async function waitThrough(rewrite: Parameters<typeof recordingFetch>[1]) {
    const job = await gw.clock.run(
      plain.jobs.create({ provider: 'speedpix', operation: 'txt2img', input }),
    )
    const { fetch } = recordingFetch(gw.fetch, rewrite)
    const client = createClient({
      baseUrl: 'http://gateway.test',
      apiKey: 'demo',
      fetch,
      clock: gw.clock,
    })
    const started = gw.clock.now()
    const error = await gw.clock
      .run(client.jobs.wait(job.id, { timeoutMs: 3000 }))
      .catch((e: unknown) => e)
    expect(DarkroomTimeoutError.isInstance(error), String(error)).toBe(true)
    expect((error as Error).message).toMatch(/did not finish within 3000 ms/)
    return { error, elapsed: gw.clock.now() - started }
  }

  it('jobs.wait({ timeoutMs: 3000 }) rejects at 3000 ms when a poll stalls mid-body', async () => {
    let polls = 0
    const { elapsed } = await waitThrough(async (request, answer) => {
      if (isEvents(request)) return new Response(null, { status: 501 })
      if (!isJobGet(request)) return answer()
      polls++
      return (await stalledAfter(await answer(), 40)).response
    })
    expect(elapsed).toBe(3000)
    // One poll, bounded by the deadline (not by the client's 30 s per request).
    expect(polls).toBe(1)
  }, 10_000)

  it('jobs.wait({ timeoutMs: 3000 }) rejects at 3000 ms when the event stream stalls mid-event', async () => {
    const partial = () => new Response('event: job\ndata: {"id":', { headers: sse })
    const { elapsed } = await waitThrough(async (request, answer) =>
      isEvents(request) ? (await stalledAfter(partial(), 15)).response : answer(),
    )
    expect(elapsed).toBe(3000)
  }, 10_000)
})

// Headers that never come: the fetch below ignores its signal and never settles. Tracked requests
// hold a virtual clock still, so these run on the wall clock with its timers (and Date) faked.
describe('an answer whose headers never come (faked wall-clock timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  const never = () => recordingFetch((() => new Promise<Response>(() => undefined)) as typeof fetch)

  async function settlesAt<T>(work: Promise<T>, ms: number): Promise<unknown> {
    let settled = false
    const outcome = work.then(
      (value) => value,
      (error: unknown) => error,
    )
    void outcome.then(() => {
      settled = true
    })
    await vi.advanceTimersByTimeAsync(ms - 1)
    expect(settled).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(settled).toBe(true)
    return outcome
  }

  it('a read fails at timeoutMs, once, even with a fetch that ignores its signal', async () => {
    const { fetch, seen } = never()
    const client = createClient({
      baseUrl: 'http://gateway.test',
      apiKey: 'demo',
      fetch,
      timeoutMs: 3000,
    })
    const error = await settlesAt(client.providers.list(), 3000)
    expect(DarkroomTimeoutError.isInstance(error), String(error)).toBe(true)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(seen).toHaveLength(1)
  })

  it("a watch's deadline bounds the request it is waiting on: jobs.wait({ timeoutMs: 3000 }) ends at 3000 ms", async () => {
    const { fetch, seen } = never()
    const client = createClient({ baseUrl: 'http://gateway.test', apiKey: 'demo', fetch })
    const error = await settlesAt(client.jobs.wait('job-1', { timeoutMs: 3000 }), 3000)
    expect(DarkroomTimeoutError.isInstance(error), String(error)).toBe(true)
    expect((error as Error).message).toMatch(/did not finish within 3000 ms/)
    expect(seen.map((r) => new URL(r.url).pathname)).toEqual(['/v1/jobs/job-1/events'])
  })
})
