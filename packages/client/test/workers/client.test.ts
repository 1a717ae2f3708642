// The remote client inside workerd (Cloudflare's runtime): its ky, streams, TextDecoder,
// AbortSignal and timers are workerd's own. The gateway is the real app, reached through the
// client's `fetch` option (the Worker entry itself, and an app on a virtual clock).
import { exports } from 'cloudflare:workers'
import { JobSchema } from '@darkroom/core'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { createClient, DarkroomApiError, type Job } from '../../src/index.js'
// Loaded up front: the client imports its fallback on first use, which would otherwise take
// virtual seconds under `drive`.
import '../../src/remote/poll-watch.js'
import { collect, drive, gatewayApp, recordingFetch } from '../gateway-app.js'

const input = { prompt: 'a heron at dawn', width: 256, height: 256 }

describe('remote client in workerd', () => {
  it('talks to the demo gateway Worker entry', async () => {
    const worker = exports.default
    const client = createClient({
      baseUrl: 'https://gateway.test',
      apiKey: 'demo',
      fetch: (request, init) => worker.fetch(new Request(request, init)),
    })
    const providers = await client.providers.list()
    expect(providers.map((p) => p.id)).toEqual(['aicontent', 'speedpix', 'aidge'])
    const job = await client.jobs.create({ provider: 'speedpix', operation: 'txt2img', input })
    expect(v.is(JobSchema, job)).toBe(true)
    expect((await client.jobs.get(job.id)).id).toBe(job.id)
    const refused = await createClient({
      baseUrl: 'https://gateway.test',
      apiKey: 'nope',
      fetch: (request, init) => worker.fetch(new Request(request, init)),
    })
      .providers.list()
      .catch((e: unknown) => e)
    expect(DarkroomApiError.isInstance(refused)).toBe(true)
    expect(refused).toMatchObject({ status: 401, code: 'unauthorized' })
  })

  it('watches a job over the event stream to its end and reads the image, in virtual time', async () => {
    const gw = gatewayApp()
    const client = createClient({
      baseUrl: 'https://gateway.test',
      apiKey: 'demo',
      fetch: gw.fetch,
      clock: gw.clock,
    })
    const job = await drive(
      gw.clock,
      client.jobs.create({ provider: 'speedpix', operation: 'txt2img', input }),
    )
    const updates: Job[] = await drive(gw.clock, collect(client.jobs.watch(job.id)))
    expect(updates.at(-1)?.state).toBe('succeeded')
    expect(gw.logs.some((l) => /\/events$/.test(String(l.path)) && l.status === 200)).toBe(true)
    const image = await drive(gw.clock, client.jobs.image(job.id, 0))
    expect(image.mimeType).toBe('image/png')
    expect(image.bytes[1]).toBe(0x50)
  })

  it('resumes a dropped stream with Last-Event-ID, and falls back to polling where there is none', async () => {
    const gw = gatewayApp()
    let streams = 0
    const dropping = recordingFetch(gw.fetch, async (request, answer) => {
      const response = await answer()
      if (!request.url.endsWith('/events') || streams++ > 0) return response
      const reader = (response.body as ReadableStream<Uint8Array>).getReader()
      let text = ''
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (text.includes('event: job')) {
            reader.cancel().catch(() => undefined)
            controller.error(new TypeError('connection reset'))
            return
          }
          const { done, value } = await reader.read()
          if (done) return controller.close()
          text += new TextDecoder().decode(value)
          controller.enqueue(value)
        },
      })
      return new Response(body, { headers: response.headers })
    })
    const client = createClient({
      baseUrl: 'https://gateway.test',
      apiKey: 'demo',
      fetch: dropping.fetch,
      clock: gw.clock,
    })
    const job = await drive(
      gw.clock,
      client.jobs.create({
        provider: 'aidge',
        operation: 'virtual-model',
        input: { imageUrl: 'https://example.com/shirt.png', model: 'WHITE' },
      }),
    )
    expect((await drive(gw.clock, client.jobs.wait(job.id))).state).toBe('succeeded')
    const events = dropping.seen.filter((r) => r.url.endsWith('/events'))
    expect(events.map((r) => r.headers.get('last-event-id'))).toEqual([null, '1'])

    const noStream = recordingFetch(gw.fetch, (request, answer) =>
      request.url.endsWith('/events')
        ? Promise.resolve(new Response(null, { status: 501 }))
        : answer(),
    )
    const polling = createClient({
      baseUrl: 'https://gateway.test',
      apiKey: 'demo',
      fetch: noStream.fetch,
      clock: gw.clock,
    })
    const second = await drive(
      gw.clock,
      polling.jobs.create({ provider: 'speedpix', operation: 'txt2img', input }),
    )
    expect((await drive(gw.clock, polling.jobs.wait(second.id))).state).toBe('succeeded')
    expect(noStream.seen.filter((r) => /\/v1\/jobs\/[^/]+$/.test(r.url)).length).toBeGreaterThan(1)
  })
})
