import {
  DarkroomAbortError,
  DarkroomError,
  DarkroomTimeoutError,
  JobSchema,
  NetworkError,
} from '@darkroom/core'
import * as v from 'valibot'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createClient,
  DarkroomApiError,
  GatewayResponseError,
  InvalidInputError,
  untypedRequest,
} from '../src/index.js'
import { collect, drive, problemAnswer, recordingFetch } from './gateway-app.js'
import { startGateway } from './helpers.js'

const txt2img = (prompt = 'a fox in the snow') =>
  ({
    provider: 'speedpix',
    operation: 'txt2img',
    input: { prompt, width: 256, height: 256 },
  }) as const

describe('remote client against the gateway over loopback', () => {
  let gw: Awaited<ReturnType<typeof startGateway>>
  const client = (options: Partial<Parameters<typeof createClient>[0]> = {}) =>
    createClient({ baseUrl: gw.url, apiKey: 'demo', clock: gw.clock, ...options })

  beforeAll(async () => {
    gw = await startGateway()
  })
  afterAll(() => gw.close())

  it('lists providers with their operations and input JSON Schemas', async () => {
    const providers = await drive(gw.clock, client().providers.list())
    expect(providers.map((p) => p.id)).toEqual(['aicontent', 'speedpix', 'aidge'])
    const op = providers
      .find((p) => p.id === 'speedpix')
      ?.operations.find((o) => o.name === 'txt2img')
    expect(op?.capabilities).toMatchObject({ progress: true })
    expect(op?.inputSchema).toMatchObject({ type: 'object' })
  })

  it('creates, gets, watches, waits for a job and fetches its image', async () => {
    const c = client()
    const created = await drive(gw.clock, c.jobs.create(txt2img()))
    expect(v.is(JobSchema, created)).toBe(true)
    expect(created.state).toMatch(/queued|running/)
    const fetched = await drive(gw.clock, c.jobs.get(created.id))
    expect(fetched).toMatchObject({ id: created.id, provider: 'speedpix', operation: 'txt2img' })

    const updates = await drive(gw.clock, collect(c.jobs.watch(created.id)))
    expect(updates.at(-1)?.state).toBe('succeeded')
    expect(updates.slice(0, -1).every((j) => j.state === 'queued' || j.state === 'running')).toBe(
      true,
    )
    const progress = updates.map((j) => j.progress ?? 0)
    expect(progress).toEqual([...progress].sort((a, b) => a - b))

    const seen: string[] = []
    const final = await drive(
      gw.clock,
      c.jobs.wait(created.id, { onUpdate: (job) => seen.push(job.state) }),
    )
    expect(final.state).toBe('succeeded')
    expect(seen.at(-1)).toBe('succeeded')
    expect(final.images.length).toBeGreaterThan(0)
    expect(final.images[0]?.url).toContain(`${gw.url}/v1/images/`)

    const image = await drive(gw.clock, c.jobs.image(created.id, 0))
    expect(image.mimeType).toBe('image/png')
    expect(String.fromCharCode(...image.bytes.slice(1, 4))).toBe('PNG')
  })

  it('returns a failed job as a result, with its error', async () => {
    const c = client()
    const job = await drive(gw.clock, c.jobs.create(txt2img('a cat [[fail:GPU_OOM]]')))
    const final = await drive(gw.clock, c.jobs.wait(job.id))
    expect(final.state).toBe('failed')
    expect(final.error).toMatchObject({ code: expect.any(String), message: expect.any(String) })
  })

  it('turns problems into DarkroomApiError with status, code, retryable, requestId and the document, and a refused input into InvalidInputError', async () => {
    const wrongKey = await drive(gw.clock, client({ apiKey: 'nope' }).providers.list()).catch(
      (e: unknown) => e,
    )
    expect(DarkroomApiError.isInstance(wrongKey)).toBe(true)
    expect(DarkroomError.isInstance(wrongKey)).toBe(true)
    expect(wrongKey).toMatchObject({
      status: 401,
      code: 'unauthorized',
      retryable: false,
      route: 'GET /v1/providers',
      problem: { code: 'unauthorized', status: 401 },
    })
    expect((wrongKey as DarkroomApiError).requestId).toBeTruthy()

    const missing = await drive(gw.clock, client().jobs.get('not-a-job')).catch((e: unknown) => e)
    expect(missing).toMatchObject({ status: 404, code: 'not_found' })

    const invalid = await drive(
      gw.clock,
      // Untyped on purpose: the missing prompt is for the gateway's check to refuse.
      client().jobs.create(
        untypedRequest({
          provider: 'speedpix',
          operation: 'txt2img',
          input: { width: -1 },
        }),
      ),
    ).catch((e: unknown) => e)
    // A refused input is core's InvalidInputError, as from the direct transport; the gateway's
    // answer is its cause.
    expect(InvalidInputError.isInstance(invalid)).toBe(true)
    expect(invalid).toMatchObject({ code: 'invalid_input', retryable: false })
    expect((invalid as InvalidInputError).issues.map((i) => i.path)).toEqual(['prompt', 'width'])
    const cause = (invalid as InvalidInputError).cause as DarkroomApiError
    expect(DarkroomApiError.isInstance(cause)).toBe(true)
    expect(cause).toMatchObject({ status: 400, code: 'invalid_input', retryable: false })
    expect(cause.problem?.errors).toEqual((invalid as InvalidInputError).issues)
    expect((invalid as InvalidInputError).message).toMatch(/POST \/v1\/jobs answered 400/)
  })

  it('aborts a watch with the caller signal, and ends it at its deadline with the last snapshot', async () => {
    const c = client()
    const job = await drive(gw.clock, c.jobs.create(txt2img('slow [[duration:600]]')))
    const controller = new AbortController()
    const aborted = drive(
      gw.clock,
      (async () => {
        for await (const _ of c.jobs.watch(job.id, { signal: controller.signal }))
          controller.abort()
      })(),
    ).catch((e: unknown) => e)
    expect(DarkroomAbortError.isInstance(await aborted)).toBe(true)

    const started = gw.clock.now()
    const late = await drive(gw.clock, c.jobs.wait(job.id, { timeoutMs: 30_000 })).catch(
      (e: unknown) => e,
    )
    expect(DarkroomTimeoutError.isInstance(late)).toBe(true)
    expect((late as DarkroomTimeoutError).lastSnapshot?.id).toBe(job.id)
    expect(gw.clock.now() - started).toBeGreaterThanOrEqual(30_000)
    expect(gw.clock.now() - started).toBeLessThan(32_000)
  })

  it('rejects an answer that does not match the schema, naming the route and the field', async () => {
    const c = client()
    const job = await drive(gw.clock, c.jobs.create(txt2img()))
    const { fetch } = recordingFetch(globalThis.fetch, async (_request, answer) => {
      const response = await answer()
      const body = (await response.json()) as Record<string, unknown>
      delete body.state
      return Response.json(body, { status: response.status })
    })
    const error = await drive(gw.clock, client({ fetch }).jobs.get(job.id)).catch((e: unknown) => e)
    expect(GatewayResponseError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ code: 'unexpected_response', fields: ['state'] })
    expect((error as Error).message).toMatch(/GET \/v1\/jobs\/:id.*state/)

    const html = recordingFetch(globalThis.fetch, async () => new Response('<h1>hello</h1>'))
    const notJson = await drive(gw.clock, client({ fetch: html.fetch }).providers.list()).catch(
      (e: unknown) => e,
    )
    expect(notJson).toBeInstanceOf(GatewayResponseError)
    expect((notJson as Error).message).toMatch(/GET \/v1\/providers/)
  })

  // How long a retried read waits (core's backoff, Retry-After) is in read-retries.test.ts, on
  // faked timers: ky waits on its own setTimeout, which this loopback gateway's clock cannot move.
  it('does not retry an answer marked retryable: false, or with retries: 0', async () => {
    const limited = recordingFetch(globalThis.fetch, async () => problemAnswer(429, true, '7'))
    const error = await drive(
      gw.clock,
      client({ fetch: limited.fetch, retries: 0 }).providers.list(),
    ).catch((e: unknown) => e)
    expect(error).toMatchObject({
      status: 429,
      code: 'rate_limited',
      retryable: true,
      retryAfterMs: 7000,
    })
    expect(limited.seen).toHaveLength(1)

    const fatal = recordingFetch(globalThis.fetch, async () => problemAnswer(502, false, '7'))
    await drive(gw.clock, client({ fetch: fatal.fetch }).providers.list()).catch(() => undefined)
    expect(fatal.seen).toHaveLength(1)

    const busy = recordingFetch(globalThis.fetch, async () => problemAnswer(503, true, '7'))
    // A create is retried with its key (create-retries.test.ts), but never beyond retries.
    await drive(gw.clock, client({ fetch: busy.fetch, retries: 0 }).jobs.create(txt2img())).catch(
      () => undefined,
    )
    expect(busy.seen).toHaveLength(1)
  })

  it('reports an unreachable gateway as a NetworkError', async () => {
    const closed = await startGateway()
    await closed.close()
    const error = await client({ baseUrl: closed.url, retries: 0 })
      .providers.list()
      .catch((e: unknown) => e)
    expect(NetworkError.isInstance(error)).toBe(true)
    expect((error as Error).message).toContain(closed.url)
  })

  it('checks its options', () => {
    expect(() => createClient({ baseUrl: 'gateway.local', apiKey: 'demo' })).toThrow(
      /absolute http/,
    )
    expect(() => createClient({ baseUrl: 'https://x.test', apiKey: '' })).toThrow(/apiKey/)
    // Past 2^31 - 1 ms a timer fires at once: every request would time out.
    for (const timeoutMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31]) {
      expect(() => createClient({ baseUrl: 'https://x.test', apiKey: 'demo', timeoutMs })).toThrow(
        `createClient: timeoutMs must be a positive number up to 2147483647, got ${timeoutMs}.`,
      )
    }
    const idle = { baseUrl: 'https://x.test', apiKey: 'demo', streamIdleTimeoutMs: '5s' as never }
    expect(() => createClient(idle)).toThrow(/streamIdleTimeoutMs must be a positive number/)
    const random = 0.5 as unknown as () => number
    expect(() => createClient({ baseUrl: 'https://x.test', apiKey: 'demo', random })).toThrow(
      /random must be a function returning a uniform draw in \[0, 1\)/,
    )
  })
})
