import { DarkroomTimeoutError } from '@darkroom/core'
import { backoffDelay } from '@darkroom/core/engine'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient } from '../src/index.js'
// Loaded up front: the client imports its fallback on first use, and the time that takes in
// real time would otherwise be virtual seconds under `drive`.
import '../src/remote/poll-watch.js'
import { collect, drive, problemAnswer, recordingFetch } from './gateway-app.js'
import { startGateway } from './helpers.js'
import { expectWellFormedWatch, isEvents, isJobGet, newJob } from './watch-helpers.js'

describe('watching without an event stream: polling on core’s schedule', () => {
  let gw: Awaited<ReturnType<typeof startGateway>>
  beforeAll(async () => {
    gw = await startGateway()
  })
  afterAll(() => gw.close())

  const noStream: [string, () => Response][] = [
    ['404', () => Response.json({}, { status: 404 })],
    ['405', () => new Response(null, { status: 405 })],
    ['501', () => new Response('not implemented', { status: 501 })],
    [
      '200 text/html',
      () => new Response('<p>events are off</p>', { headers: { 'content-type': 'text/html' } }),
    ],
  ]

  it.each(noStream)(
    'falls back to polling GET /v1/jobs/:id on core’s schedule when the stream answers %s',
    async (_name, answerWith) => {
      const job = await newJob(gw)
      const polls: number[] = []
      const { fetch, seen } = recordingFetch(globalThis.fetch, async (request, answer) => {
        if (isEvents(request)) return answerWith()
        if (isJobGet(request)) polls.push(gw.clock.now())
        return answer()
      })
      const client = createClient({ baseUrl: gw.url, apiKey: 'demo', fetch, clock: gw.clock })
      const started = gw.clock.now()
      const updates = await drive(gw.clock, collect(client.jobs.watch(job.id)))
      expectWellFormedWatch(updates)
      expect(seen.filter((r) => r.url.endsWith('/events'))).toHaveLength(1)
      // Adaptive, not a fixed tight loop: at least minIntervalMs apart, and far fewer polls than
      // one per maxLag over the whole job (the schedule skips the time the job cannot be done).
      const gaps = polls.slice(1).map((t, i) => t - (polls[i] as number))
      expect(polls.length).toBeGreaterThan(1)
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(250)
      expect(polls.length).toBeLessThan((gw.clock.now() - started) / 1000 + 2)
      expect(updates.some((j) => j.etaSource === 'estimated' || j.etaSource === 'provider')).toBe(
        true,
      )
    },
  )

  it('honours Retry-After of a rate-limited poll in the fallback', async () => {
    const job = await newJob(gw)
    const polls: number[] = []
    let limited = false
    const { fetch } = recordingFetch(globalThis.fetch, async (request, answer) => {
      if (isEvents(request)) return new Response(null, { status: 501 })
      if (isJobGet(request)) {
        polls.push(gw.clock.now())
        if (polls.length === 2 && !limited) {
          limited = true
          return Response.json(
            {
              type: 'x',
              title: 'Rate limited',
              status: 429,
              detail: 'slow down',
              code: 'rate_limited',
              retryable: true,
              requestId: 'r',
            },
            {
              status: 429,
              headers: { 'retry-after': '9', 'content-type': 'application/problem+json' },
            },
          )
        }
      }
      return answer()
    })
    const client = createClient({ baseUrl: gw.url, apiKey: 'demo', fetch, clock: gw.clock })
    const final = await drive(gw.clock, client.jobs.wait(job.id))
    expect(final.state).toBe('succeeded')
    expect((polls[2] as number) - (polls[1] as number)).toBeGreaterThanOrEqual(9000)
  })

  it('waits out a failed first poll on the client clock: the backoff, or a longer Retry-After', async () => {
    const job = await newJob(gw)
    const polls: number[] = []
    const { fetch } = recordingFetch(globalThis.fetch, async (request, answer) => {
      if (isEvents(request)) return new Response(null, { status: 501 })
      if (isJobGet(request)) {
        polls.push(gw.clock.now())
        if (polls.length === 1) return problemAnswer(503, true, '4')
        if (polls.length === 2) return problemAnswer(503, true)
      }
      return answer()
    })
    const client = createClient({
      baseUrl: gw.url,
      apiKey: 'demo',
      fetch,
      clock: gw.clock,
      random: () => 0,
    })
    const final = await drive(gw.clock, client.jobs.wait(job.id))
    expect(final.state).toBe('succeeded')
    const [first, second, third] = polls as [number, number, number]
    // drive() moves virtual time in 250 ms steps, so each wait ends within one step.
    expect(second - first).toBeGreaterThanOrEqual(4000)
    expect(second - first).toBeLessThan(4000 + 250)
    expect(third - second).toBeGreaterThanOrEqual(backoffDelay({ attempt: 2, random: 0 }))
    expect(third - second).toBeLessThan(1000 + 250)
  })

  it('gives up on a stream that keeps closing without an event, and polls instead', async () => {
    const job = await newJob(gw)
    const { fetch, seen } = recordingFetch(globalThis.fetch, async (request, answer) =>
      isEvents(request)
        ? new Response(': heartbeat\n\n', { headers: { 'content-type': 'text/event-stream' } })
        : answer(),
    )
    const client = createClient({ baseUrl: gw.url, apiKey: 'demo', fetch, clock: gw.clock })
    const final = await drive(gw.clock, client.jobs.wait(job.id))
    expect(final.state).toBe('succeeded')
    expect(seen.filter((r) => r.url.endsWith('/events'))).toHaveLength(3)
    expect(seen.filter((r) => !r.url.endsWith('/events')).length).toBeGreaterThan(0)
  })

  it('ends a polling watch at its deadline, with the last snapshot', async () => {
    const job = await newJob(gw, 'slow [[duration:900]]')
    const { fetch } = recordingFetch(globalThis.fetch, (request, answer) =>
      isEvents(request) ? Promise.resolve(new Response(null, { status: 501 })) : answer(),
    )
    const client = createClient({ baseUrl: gw.url, apiKey: 'demo', fetch, clock: gw.clock })
    const started = gw.clock.now()
    const error = await drive(gw.clock, client.jobs.wait(job.id, { timeoutMs: 20_000 })).catch(
      (e: unknown) => e,
    )
    expect(DarkroomTimeoutError.isInstance(error)).toBe(true)
    expect((error as DarkroomTimeoutError).lastSnapshot?.state).toMatch(/queued|running/)
    expect((error as Error).message).toMatch(/did not finish within 20000 ms/)
    expect(gw.clock.now() - started).toBeGreaterThanOrEqual(20_000)
    expect(gw.clock.now() - started).toBeLessThan(21_000)
  })
})
