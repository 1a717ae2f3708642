import { VirtualClock } from '@darkroom/core'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { createRng } from '../simulator/rng.js'
import { isDroppedConnection } from './dropped-connection.js'
import { type FaultOptions, faults } from './faults.js'

const render = {
  serverError: () => Response.json({ errCode: 'UNKNOWN_ERROR' }, { status: 500 }),
  // Aidge's style: a rate limit is HTTP 200 with resCode 501.
  rateLimited: () => Response.json({ success: false, resCode: 501 }, { status: 200 }),
}

function makeApp(options: FaultOptions, seed = 1) {
  const clock = new VirtualClock()
  let handled = 0
  const app = new Hono()
  app.use('*', faults({ rng: createRng(seed), clock, options, render }))
  app.get('/json', (c) => {
    handled++
    return c.json({ success: true, data: { taskId: 'abc', images: ['0.png', '1.png'] } })
  })
  app.get('/bytes', () => {
    handled++
    return new Response(new Uint8Array([1, 2, 3]), { headers: { 'content-type': 'image/png' } })
  })
  // app.request is typed Response | Promise<Response>; it is always a promise here.
  const request = (path: string) => Promise.resolve(app.request(path))
  return { app, clock, request, handled: () => handled }
}

describe('faults', () => {
  it('passes every request through with all rates at 0', async () => {
    const { request, handled } = makeApp({})
    for (let i = 0; i < 20; i++) {
      const res = await request('/json')
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({ success: true })
    }
    expect(handled()).toBe(20)
  })

  it('answers with the provider server error at rate 1, skipping the handler', async () => {
    const { request, handled } = makeApp({ serverErrorRate: 1 })
    const res = await request('/json')
    expect(res.status).toBe(500)
    expect(await res.json()).toEqual({ errCode: 'UNKNOWN_ERROR' })
    expect(handled()).toBe(0)
  })

  it('answers with the provider rate limit at rate 1', async () => {
    const { request, handled } = makeApp({ rateLimitRate: 1 })
    const res = await request('/json')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ success: false, resCode: 501 })
    expect(handled()).toBe(0)
  })

  it('drops the connection at rate 1: in-process requests reject with a TypeError', async () => {
    const { request, handled } = makeApp({ dropRate: 1 })
    const error = await request('/json').then(
      () => null,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(TypeError)
    expect(isDroppedConnection(error)).toBe(true)
    expect((error as Error).message).toBe('network connection dropped')
    expect(handled()).toBe(0)
  })

  it('still drops through an app onError that rethrows dropped connections', async () => {
    const { app } = makeApp({ dropRate: 1 })
    app.onError((err, c) => {
      if (isDroppedConnection(err)) throw err
      return c.json({ error: 'unexpected' }, 500)
    })
    await expect(app.request('/json')).rejects.toThrow('network connection dropped')
  })

  it('truncates JSON answers at malformed rate 1, leaving other bodies alone', async () => {
    const { request, handled } = makeApp({ malformedRate: 1 })
    const res = await request('/json')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('application/json')
    const text = await res.text()
    expect(text.length).toBeGreaterThan(0)
    expect(() => JSON.parse(text)).toThrow(SyntaxError)
    const bytes = await request('/bytes')
    expect(new Uint8Array(await bytes.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]))
    expect(handled()).toBe(2)
  })

  it('delays answers by the latency, in virtual time', async () => {
    const { request, clock } = makeApp({ latencyMs: 1500 })
    const start = clock.now()
    let settled = false
    const pending = request('/json').then((res) => {
      settled = true
      return res
    })
    await clock.advance(1499)
    expect(settled).toBe(false)
    await clock.advance(1)
    expect((await pending).status).toBe(200)
    expect(clock.now() - start).toBe(1500)
  })

  it('samples latency from a distribution', async () => {
    const { request, clock } = makeApp({ latencyMs: { kind: 'uniform', minMs: 100, maxMs: 200 } })
    const start = clock.now()
    await clock.run(request('/json'))
    expect(clock.now() - start).toBeGreaterThanOrEqual(100)
    expect(clock.now() - start).toBeLessThanOrEqual(200)
  })

  it('injects the same faults in the same order for the same seed, near the set rate', async () => {
    const run = async (seed: number) => {
      const { request } = makeApp({ serverErrorRate: 0.3, rateLimitRate: 0.2 }, seed)
      const statuses: string[] = []
      for (let i = 0; i < 200; i++) {
        const res = await request('/json')
        const body = (await res.json()) as { resCode?: number }
        statuses.push(res.status === 500 ? 'E' : body.resCode === 501 ? 'R' : '.')
      }
      return statuses.join('')
    }
    const a = await run(7)
    expect(await run(7)).toBe(a)
    expect(await run(8)).not.toBe(a)
    const share = (ch: string) => a.split('').filter((s) => s === ch).length / a.length
    expect(share('E')).toBeGreaterThan(0.2)
    expect(share('E')).toBeLessThan(0.4)
    expect(share('R')).toBeGreaterThan(0.12)
    expect(share('R')).toBeLessThan(0.28)
  })

  it('rejects rates outside [0, 1] or summing above 1', () => {
    expect(() => makeApp({ dropRate: 1.5 })).toThrow(RangeError)
    expect(() => makeApp({ serverErrorRate: -0.1 })).toThrow(RangeError)
    expect(() => makeApp({ serverErrorRate: 0.6, rateLimitRate: 0.6 })).toThrow(RangeError)
  })
})
