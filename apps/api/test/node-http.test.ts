import { connect } from 'node:net'
import { VirtualClock } from '@darkroom/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type NodeGateway, startNodeGateway } from '../src/runtimes/node-server.js'
import { loadServerLimits } from '../src/server-limits.js'
import { tempDataDir } from './child-gateway.js'
import { loopbackCaller, submitTxt2img } from './helpers.js'

/** An answer read off a raw socket: status line, headers (lower-cased) and body. */
interface RawAnswer {
  status: number
  headers: Record<string, string>
  body: string
}

/**
 * Writes `chunks` to a new connection (a number waits that many ms instead) and reads until the
 * server closes it, or 2 s after the last chunk.
 */
function rawExchange(port: number, chunks: (string | number)[]): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let text = ''
    socket.setEncoding('latin1')
    socket.on('data', (chunk: string) => {
      text += chunk
    })
    socket.on('error', reject)
    socket.on('close', () => resolve(parseAnswer(text)))
    void (async () => {
      for (const chunk of chunks) {
        if (typeof chunk === 'number') await new Promise((r) => setTimeout(r, chunk))
        else if (!socket.destroyed) socket.write(chunk)
      }
      setTimeout(() => socket.destroy(), 2000).unref()
    })()
  })
}

function parseAnswer(text: string): RawAnswer {
  const end = text.indexOf('\r\n\r\n')
  const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n')
  const headers = Object.fromEntries(
    lines.map((line) => {
      const colon = line.indexOf(':')
      return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()]
    }),
  )
  return { status: Number(statusLine.split(' ')[1]), headers, body: text.slice(end + 4) }
}

/** Checks an answer is a whole problem document of `status` and `code`, and returns it. */
function expectProblem(answer: RawAnswer, status: number, code: string) {
  expect(answer.status, answer.body).toBe(status)
  expect(answer.headers['content-type']).toBe('application/problem+json')
  expect(Number(answer.headers['content-length'])).toBe(Buffer.byteLength(answer.body))
  const problem = JSON.parse(answer.body)
  expect(problem).toMatchObject({ status, code, type: `urn:darkroom:problem:${code}` })
  expect(problem.requestId).toBe(answer.headers['x-request-id'])
  return problem
}

const get = (path: string, headers = 'Host: 127.0.0.1\r\n') =>
  `GET ${path} HTTP/1.1\r\n${headers}Connection: close\r\n\r\n`

describe('the Node server, before and around the app', () => {
  const clock = new VirtualClock()
  let gateway: NodeGateway
  let port: number
  const data = tempDataDir()
  beforeAll(async () => {
    gateway = await startNodeGateway(
      {
        PORT: '0',
        HOST: '127.0.0.1',
        DARKROOM_DATA_DIR: data.dir,
        DARKROOM_REQUEST_TIMEOUT_MS: '300',
        DARKROOM_HEADERS_TIMEOUT_MS: '300',
        DARKROOM_MAX_CONNECTIONS: '3',
      },
      { clock },
    )
    port = Number(new URL(gateway.url).port)
  })
  afterAll(async () => {
    await gateway.close()
    data.remove()
  })

  it.each([
    ['garbage', 'GARBAGE\r\n\r\n', 400, 'invalid_input'],
    ['an unknown HTTP version', 'GET / HTTP/9.9\r\n\r\n', 400, 'invalid_input'],
    [
      'a bad header line',
      'GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n',
      400,
      'invalid_input',
    ],
    [
      'oversized headers',
      get('/healthz', `X-Big: ${'a'.repeat(20_000)}\r\n`),
      431,
      'payload_too_large',
    ],
    ['a Host that is no host', get('/healthz', 'Host: a b\r\n'), 400, 'invalid_input'],
    ['a backslash in the path', get('/\\healthz'), 400, 'invalid_input'],
    [
      'HTTP/1.1 without a Host',
      'GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n',
      400,
      'invalid_input',
    ],
    [
      'CONNECT',
      'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n',
      405,
      'method_not_allowed',
    ],
    [
      'an Expect it cannot meet',
      'POST /v1/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: fancy\r\nContent-Length: 2\r\n\r\n{}',
      417,
      'invalid_input',
    ],
  ])('answers %s with a problem', async (_name, request, status, code) => {
    const problem = expectProblem(await rawExchange(port, [request]), status, code)
    expect(problem.detail.length).toBeGreaterThan(20)
  })

  it('gives HEAD refusals the problem headers and no body', async () => {
    for (const [head, status] of [
      ['HEAD /v1/providers HTTP/1.1\r\nHost: 127.0.0.1\r\n', 401],
      ['HEAD /nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\n', 404],
      ['HEAD /healthz HTTP/1.1\r\nHost: a b\r\n', 400],
    ] as const) {
      const answer = await rawExchange(port, [`${head}Connection: close\r\n\r\n`])
      expect(answer.status).toBe(status)
      expect(answer.headers['content-type']).toBe('application/problem+json')
      expect(answer.headers['x-request-id']).toBeTruthy()
      expect(answer.body).toBe('')
    }
  })

  it('answers a slow upload with 408 once the request timeout passes', async () => {
    const head = 'POST /v1/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer demo\r\n'
    const answer = await rawExchange(port, [
      `${head}Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"provider":`,
      1000,
    ])
    const problem = expectProblem(answer, 408, 'request_timeout')
    expect(problem.retryable).toBe(true)
    expect(problem.detail).toContain('300 ms')
  })

  it('answers headers that never end with 408', async () => {
    const answer = await rawExchange(port, ['GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n', 1000])
    expectProblem(answer, 408, 'request_timeout')
  })

  it('answers beyond the connection cap with 503 and Retry-After, and closes', async () => {
    const idle = await Promise.all(
      [1, 2, 3].map(
        () =>
          new Promise<ReturnType<typeof connect>>((resolve) => {
            const socket = connect(port, '127.0.0.1', () => resolve(socket))
            socket.on('error', () => undefined)
          }),
      ),
    )
    try {
      const answer = await rawExchange(port, [get('/healthz')])
      const problem = expectProblem(answer, 503, 'overloaded')
      expect(problem.retryable).toBe(true)
      expect(answer.headers['retry-after']).toBe('1')
    } finally {
      for (const socket of idle) socket.destroy()
    }
  })

  it('does not cut an event stream when the request timeout passes', async () => {
    const call = loopbackCaller(clock, () => gateway.url)
    const job = await submitTxt2img(call, 'slow [[duration:60]]')
    const stream = await call(`/v1/jobs/${job.id}/events`)
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader()
    const decoder = new TextDecoder()
    let text = decoder.decode((await clock.run(reader.read())).value)
    // Three request timeouts of real time, then the job's next change still arrives.
    await new Promise((resolve) => setTimeout(resolve, 900))
    while (!text.includes('"succeeded"')) {
      const { value, done } = await clock.run(reader.read())
      expect(done).toBe(false)
      text += decoder.decode(value)
    }
    await reader.cancel()
  })
})

describe('the Node server limits', () => {
  it('default well under Node 300 s, and each is read from its variable', () => {
    const defaults = loadServerLimits({})
    expect(defaults).toEqual({
      requestTimeoutMs: 60_000,
      headersTimeoutMs: 10_000,
      keepAliveTimeoutMs: 5_000,
      socketTimeoutMs: 60_000,
      maxConnections: 1024,
      shutdownGraceMs: 5_000,
    })
    expect(
      loadServerLimits({
        DARKROOM_REQUEST_TIMEOUT_MS: '30000',
        DARKROOM_HEADERS_TIMEOUT_MS: '5000',
        DARKROOM_KEEP_ALIVE_TIMEOUT_MS: '2000',
        DARKROOM_SOCKET_TIMEOUT_MS: '20000',
        DARKROOM_MAX_CONNECTIONS: '10',
        DARKROOM_SHUTDOWN_GRACE_MS: '0',
      }),
    ).toEqual({
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 5_000,
      keepAliveTimeoutMs: 2_000,
      socketTimeoutMs: 20_000,
      maxConnections: 10,
      shutdownGraceMs: 0,
    })
  })

  it.each([
    [{ DARKROOM_REQUEST_TIMEOUT_MS: '5s' }, /DARKROOM_REQUEST_TIMEOUT_MS must be a whole number/],
    [{ DARKROOM_SOCKET_TIMEOUT_MS: '10000' }, /DARKROOM_SOCKET_TIMEOUT_MS must be .* from 15001/],
    [{ DARKROOM_MAX_CONNECTIONS: '0' }, /DARKROOM_MAX_CONNECTIONS must be/],
    [
      { DARKROOM_REQUEST_TIMEOUT_MS: '1000', DARKROOM_HEADERS_TIMEOUT_MS: '2000' },
      /DARKROOM_HEADERS_TIMEOUT_MS \(2000\) must not be more than DARKROOM_REQUEST_TIMEOUT_MS/,
    ],
  ])('refuse a bad value at start, naming it (%#)', async (env, message) => {
    expect(() => loadServerLimits(env)).toThrow(message)
    await expect(startNodeGateway({ PORT: '0', ...env })).rejects.toThrow(message)
  })
})
