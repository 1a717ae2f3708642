import { afterEach, describe, expect, it, vi } from 'vitest'
import { loadConfig } from '../src/config.js'
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../src/http/json-body.js'
import { makeGateway } from './helpers.js'

const MiB = 1024 * 1024
const post = (body: BodyInit, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  body,
  headers: { 'content-type': 'application/json', ...headers },
  ...(body instanceof ReadableStream && { duplex: 'half' }),
})

/** A body of `chunks` chunks of spaces, `size` bytes each, that counts how many were pulled. */
function countedBody(chunks: number, size: number) {
  const counted = { pulled: 0, body: null as unknown as ReadableStream<Uint8Array> }
  counted.body = new ReadableStream<Uint8Array>({
    pull(controller) {
      counted.pulled += 1
      if (counted.pulled > chunks) controller.close()
      else controller.enqueue(new TextEncoder().encode(' '.repeat(size)))
    },
  })
  return counted
}

/** A job request whose input nests `depth` arrays, padded with spaces to about `bytes`. */
function nested(depth: number, bytes = 0): string {
  const head = '{"provider":"aidge","operation":"virtual-model","input":{"x":'
  const core = `${'['.repeat(depth)}${']'.repeat(depth)}}}`
  return `${head}${' '.repeat(Math.max(0, bytes - head.length - core.length))}${core}`
}

/** The base64 of a 1024×1024 PNG header padded with zeros to `bytes`, as aidge reads one. */
function pngBase64(bytes: number): string {
  const png = new Uint8Array(bytes)
  png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])
  png.set([0, 0, 4, 0, 0, 0, 4, 0], 16)
  return Buffer.from(png).toString('base64')
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('the body of POST /v1/jobs', () => {
  it('is bounded by default to what an operation can need: a 4 MB image as base64', async () => {
    expect(loadConfig({ DARKROOM_DEMO: '1' }).bodyLimitBytes).toBe(6 * MiB)
    const { request, clock } = makeGateway({ providers: ['aidge'] })
    // aidge's largest input: imageBase64 of a 4 MiB image (5 592 408 characters).
    const largest = JSON.stringify({
      provider: 'aidge',
      operation: 'virtual-model',
      input: { imageBase64: pngBase64(4 * MiB), model: 'WHITE' },
    })
    expect(largest.length).toBeGreaterThan(5.3 * MiB)
    const accepted = await clock.run(request('/v1/jobs', post(largest)))
    expect(accepted.status, await accepted.clone().text()).toBe(202)
  })

  it('is refused with 413 by its Content-Length, before it is read', async () => {
    const { request } = makeGateway()
    const upload = countedBody(7 * 16, 64 * 1024)
    const response = await request(
      '/v1/jobs',
      post(upload.body, { 'content-length': String(7 * MiB) }),
    )
    expect(response.status).toBe(413)
    const problem = await response.json()
    expect(problem).toMatchObject({ code: 'payload_too_large', status: 413 })
    expect(problem.detail).toContain(`${6 * MiB} bytes`)
    // At most what the stream queued ahead of the refusal; nothing was read through.
    expect(upload.pulled).toBeLessThanOrEqual(1)
  })

  it('is refused with 413 while streaming when it has no Content-Length', async () => {
    const { request } = makeGateway({ env: { DARKROOM_BODY_LIMIT_BYTES: String(64 * 1024) } })
    const upload = countedBody(40, 16 * 1024)
    const response = await request('/v1/jobs', post(upload.body))
    expect(response.status).toBe(413)
    // Stopped at the limit (4 chunks and one more), not at the end of the stream.
    expect(upload.pulled).toBeLessThan(8)
  })

  it('is not read at all for a caller without a valid key', async () => {
    const { request } = makeGateway()
    const upload = countedBody(64, 16 * 1024)
    const response = await request('/v1/jobs', { ...post(upload.body), key: 'wrong' })
    expect(response.status).toBe(401)
    expect(upload.pulled).toBeLessThanOrEqual(1)
  })

  it("that breaks off is the caller's 400, not a logged 500", async () => {
    const { request, logs } = makeGateway()
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"provider":'))
        controller.error(new Error('aborted'))
      },
    })
    const response = await request('/v1/jobs', post(body))
    expect(response.status).toBe(400)
    expect((await response.json()).detail).toMatch(/ended before it was complete/)
    expect(logs.filter((l) => l.level === 'error')).toEqual([])
  })

  it(`is refused with 400 naming the limit when it nests deeper than ${MAX_JSON_DEPTH}, unparsed`, async () => {
    const parse = vi.spyOn(JSON, 'parse')
    const { request } = makeGateway()
    const response = await request('/v1/jobs', post(nested(MAX_JSON_DEPTH)))
    expect(response.status).toBe(400)
    const problem = await response.json()
    expect(problem.code).toBe('invalid_input')
    expect(problem.detail).toContain(`deeper than ${MAX_JSON_DEPTH} levels`)
    expect(parse.mock.calls.some(([text]) => String(text).includes('[[['))).toBe(false)
  })

  it('counts brackets inside strings as text, not nesting', async () => {
    const parse = vi.spyOn(JSON, 'parse')
    const { request, clock } = makeGateway()
    const prompt = `a "quoted" \\ kite ${'[{'.repeat(40)}`
    const response = await clock.run(
      request(
        '/v1/jobs',
        post(JSON.stringify({ provider: 'speedpix', operation: 'txt2img', input: { prompt } })),
      ),
    )
    expect(response.status, await response.clone().text()).toBe(202)
    // The body was parsed with JSON.parse after the scan (so the spy above is not vacuous).
    expect(parse.mock.calls.some(([text]) => String(text).includes('[{[{'))).toBe(true)
  })

  it('keeps /healthz answering while four hostile bodies are refused', async () => {
    const parse = vi.spyOn(JSON, 'parse')
    const { request } = makeGateway()
    // Each just under the limit, nested as deep as its size allows.
    const hostile = nested(Math.floor((6 * MiB - 100) / 2))
    expect(hostile.length).toBeLessThan(6 * MiB)
    const answers = await Promise.all([
      ...[1, 2, 3, 4].map(() => request('/v1/jobs', post(hostile))),
      request('/healthz', { key: null }),
    ])
    const health = answers.pop() as Response
    expect(health.status).toBe(200)
    expect(await health.json()).toMatchObject({ status: 'ok' })
    for (const answer of answers) {
      expect(answer.status).toBe(400)
      expect((await answer.json()).detail).toContain(`deeper than ${MAX_JSON_DEPTH} levels`)
    }
    expect(parse.mock.calls.some(([text]) => String(text).length > MiB)).toBe(false)
  })
})

describe('nestsDeeperThan', () => {
  it('counts arrays and objects, skipping strings and their escapes', () => {
    expect(nestsDeeperThan('[[1]]', 2)).toBe(false)
    expect(nestsDeeperThan('[[[1]]]', 2)).toBe(true)
    expect(nestsDeeperThan('{"a":{"b":[]}}', 3)).toBe(false)
    expect(nestsDeeperThan('{"a":{"b":[[]]}}', 3)).toBe(true)
    expect(nestsDeeperThan('["[[[[", "\\"[[[[", "\\\\"]', 1)).toBe(false)
    expect(nestsDeeperThan('["\\\\", [[]]]', 2)).toBe(true)
    // An unterminated string hides nothing after it.
    expect(nestsDeeperThan('["[[[[', 1)).toBe(false)
    expect(nestsDeeperThan('', 0)).toBe(false)
  })
})
