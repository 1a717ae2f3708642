import http from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  type Clock,
  DarkroomAbortError,
  DarkroomTimeoutError,
  NetworkError,
  VirtualClock,
} from '@darkroom/core'
import { createHttpClient } from '@darkroom/core/provider-kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKeepAliveFetch } from '../src/runtimes/keep-alive-fetch.js'

/** What the loopback server saw of one request. */
interface Seen {
  method: string
  url: string
  headers: http.IncomingHttpHeaders
  body: string
  socket: number
}

// A loopback server with one route per behaviour; it numbers the sockets it accepts, so a test
// can see whether calls shared one, and it tells when a held request's socket closes.
const seen: Seen[] = []
const held: { closed: Promise<void> }[] = []
let sockets = 0
let base = ''
const server = http.createServer((req, res) => {
  const chunks: Buffer[] = []
  req.on('data', (chunk: Buffer) => chunks.push(chunk))
  req.on('end', () => {
    const socket = (req.socket as { id?: number }).id ?? -1
    const path = req.url?.split('?')[0]
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks).toString(),
      socket,
    })
    if (path === '/echo') {
      res.setHeader('set-cookie', ['a=1', 'b=2'])
      res.writeHead(201, { 'content-type': 'application/json', 'x-upstream': 'yes' })
      res.end(JSON.stringify({ ok: true, method: req.method }))
    } else if (path === '/empty') {
      res.writeHead(204).end()
    } else if (path === '/moved') {
      res.writeHead(302, { location: '/echo' }).end()
    } else if (path === '/see-other') {
      res.writeHead(303, { location: `${base}/echo` }).end('the answer is elsewhere')
    } else if (path === '/loop') {
      res.writeHead(307, { location: '/loop' }).end()
    } else if (path === '/hang') {
      // Never answers; the test aborts, and this resolves when the client drops the socket.
      held.push({ closed: new Promise((resolve) => req.socket.once('close', () => resolve())) })
    } else if (path === '/drop') {
      req.socket.destroy()
    } else {
      res.writeHead(404).end('no such route')
    }
  })
})
server.on('connection', (socket) => {
  ;(socket as { id?: number }).id = ++sockets
})

const upstream = createKeepAliveFetch()

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await upstream.close()
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

/** Resolves when the server has seen `n` requests (it records one before deciding how to answer). */
async function untilSeen(n: number): Promise<void> {
  while (seen.length < n) await new Promise((resolve) => setImmediate(resolve))
}

describe('createKeepAliveFetch', () => {
  it('sends method, headers and body intact, and answers a WHATWG Response', async () => {
    const response = await upstream.fetch(`${base}/echo?x=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ca-nonce': 'n-1' },
      body: '{"taskId":"t-1"}',
    })
    expect(response).toBeInstanceOf(Response)
    expect(response.status).toBe(201)
    expect(response.headers.get('x-upstream')).toBe('yes')
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2'])
    expect(await response.json()).toEqual({ ok: true, method: 'POST' })
    const request = seen.at(-1) as Seen
    expect(request).toMatchObject({ method: 'POST', url: '/echo?x=1', body: '{"taskId":"t-1"}' })
    expect(request.headers['x-ca-nonce']).toBe('n-1')
    expect(request.headers['content-length']).toBe('16')
  })

  it('keeps the socket for the next call, takes Headers, pairs and a Request, and follows redirects', async () => {
    const before = seen.length
    await (await upstream.fetch(`${base}/echo`, { headers: new Headers({ a: '1' }) })).text()
    await (await upstream.fetch(new URL(`${base}/echo`), { headers: [['b', '2']] })).text()
    await (await upstream.fetch(new Request(`${base}/echo`, { method: 'PUT', body: 'x' }))).text()
    const moved = await upstream.fetch(`${base}/moved`)
    expect(moved.status).toBe(201)
    const other = await upstream.fetch(`${base}/see-other`, { method: 'POST', body: 'form' })
    expect(await other.json()).toEqual({ ok: true, method: 'GET' })
    const calls = seen.slice(before)
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET /echo',
      'GET /echo',
      'PUT /echo',
      'GET /moved',
      'GET /echo',
      'POST /see-other',
      'GET /echo',
    ])
    expect(calls.at(-1)?.body).toBe('')
    expect(calls[0]?.headers.a).toBe('1')
    expect(calls[1]?.headers.b).toBe('2')
    expect(calls[2]?.body).toBe('x')
    // Kept alive: seven calls on at most two sockets (undici may open a second one while the
    // first is still finishing its previous answer), where a fresh connection each would be seven.
    expect(new Set(calls.map((c) => c.socket)).size).toBeLessThanOrEqual(2)
  })

  it('answers a bodiless status with a null body', async () => {
    const response = await upstream.fetch(`${base}/empty`)
    expect(response.status).toBe(204)
    expect(response.body).toBeNull()
  })

  it("rejects with the signal's reason on an abort, and drops the request's socket", async () => {
    const controller = new AbortController()
    const before = seen.length
    const pending = upstream.fetch(`${base}/hang`, { signal: controller.signal })
    await untilSeen(before + 1)
    const reason = new Error('caller gave up')
    controller.abort(reason)
    await expect(pending).rejects.toBe(reason)
    await held.at(-1)?.closed
    await expect(
      upstream.fetch(`${base}/echo`, { signal: AbortSignal.abort(reason) }),
    ).rejects.toBe(reason)
  })

  it('rejects a dropped connection as fetch does: a TypeError with the cause', async () => {
    const error = await upstream.fetch(`${base}/drop`).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TypeError)
    expect((error as TypeError).message).toBe('fetch failed')
    expect((error as TypeError).cause).toBeInstanceOf(Error)
  })

  it('refuses a body it cannot send and a scheme it does not speak, and stops a redirect loop', async () => {
    const stream = new ReadableStream({ start: (c) => c.close() })
    await expect(upstream.fetch(`${base}/echo`, { method: 'POST', body: stream })).rejects.toThrow(
      /string and byte bodies only/,
    )
    await expect(upstream.fetch('ftp://127.0.0.1/x')).rejects.toThrow(/ftp: URLs/)
    const looping = await upstream.fetch(`${base}/loop`).catch((e: unknown) => e)
    expect((looping as TypeError).cause).toEqual(new TypeError('redirect count exceeded'))
  })
})

describe('the HTTP helper on the keep-alive fetch', () => {
  const call = (signal?: AbortSignal) => ({
    call: 'status',
    idempotent: true,
    signal,
    prepare: async () => ({ method: 'GET', url: `${base}/hang`, headers: {} }),
  })

  it("times an attempt out on the helper's clock, which aborts the request", async () => {
    const virtual = new VirtualClock()
    // No `track`: the request is real I/O that never answers, so virtual time must move.
    const clock: Clock = {
      now: () => virtual.now(),
      sleep: (ms, s) => virtual.sleep(ms, s),
      timer: (ms, f) => virtual.timer(ms, f),
    }
    const http = createHttpClient({
      provider: 'speedpix',
      fetch: upstream.fetch,
      clock,
      retries: 0,
      timeoutMs: 5000,
    })
    const before = seen.length
    const outcome = http.send(call()).catch((e: unknown) => e)
    await untilSeen(before + 1)
    await virtual.advance(5000)
    expect(DarkroomTimeoutError.isInstance(await outcome)).toBe(true)
    await held.at(-1)?.closed
  })

  it("passes the caller's abort through, and a dropped connection as a NetworkError", async () => {
    const controller = new AbortController()
    const http = createHttpClient({ provider: 'aidge', fetch: upstream.fetch, retries: 0 })
    const before = seen.length
    const outcome = http.send(call(controller.signal)).catch((e: unknown) => e)
    await untilSeen(before + 1)
    controller.abort()
    expect(DarkroomAbortError.isInstance(await outcome)).toBe(true)
    await held.at(-1)?.closed

    const dropped = await http
      .send({
        ...call(),
        prepare: async () => ({ method: 'GET', url: `${base}/drop`, headers: {} }),
      })
      .catch((e: unknown) => e)
    expect(NetworkError.isInstance(dropped)).toBe(true)
  })
})
