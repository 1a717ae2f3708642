import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../clock/virtual-clock.js'
import { scriptedFetch } from '../testing/index.js'
import { createHttpClient, type RequestEvent } from './http-client.js'

const prepare = async () => ({ method: 'GET', url: 'https://provider.test/x', headers: {} })

describe('createHttpClient onRequest', () => {
  it('reports every attempt with its call, status or failure, and how long it took', async () => {
    // Time moves only when the provider takes it: backoff waits are instant, and the per-attempt
    // timeout (30 s) never fires, ending only with its attempt.
    let now = 0
    const clock = {
      now: () => now,
      sleep: (ms: number, signal?: AbortSignal) =>
        new Promise<void>((resolve, reject) => {
          if (ms < 30_000) resolve()
          else signal?.addEventListener('abort', () => reject(signal.reason), { once: true })
        }),
    }
    const { fetch } = scriptedFetch({
      '*': [
        new Response('busy', { status: 503 }),
        () => {
          now += 40
          return new Response('{}', { status: 200 })
        },
        new TypeError('socket hang up'),
      ],
    })
    const events: RequestEvent[] = []
    const http = createHttpClient({
      provider: 'speedpix',
      fetch,
      clock,
      random: () => 0,
      onRequest: (event) => events.push(event),
    })
    const ok = await http.send({ call: 'status', idempotent: true, prepare })
    expect(ok.status).toBe(200)
    const failed = await http.send({ call: 'submit', idempotent: false, prepare }).catch((e) => e)
    expect(failed.name).toBe('NetworkError')
    expect(events).toEqual([
      { provider: 'speedpix', call: 'status', attempt: 1, status: 503, error: null, durationMs: 0 },
      {
        provider: 'speedpix',
        call: 'status',
        attempt: 2,
        status: 200,
        error: null,
        durationMs: 40,
      },
      {
        provider: 'speedpix',
        call: 'submit',
        attempt: 1,
        status: null,
        error: 'network',
        durationMs: 0,
      },
    ])
  })

  it('never lets a throwing hook fail the call', async () => {
    const { fetch } = scriptedFetch({ '*': [new Response('{}', { status: 200 })] })
    const http = createHttpClient({
      provider: 'aidge',
      fetch,
      clock: new VirtualClock(),
      onRequest: () => {
        throw new Error('metrics broke')
      },
    })
    const result = await http.send({ call: 'status', idempotent: true, prepare })
    expect(result.status).toBe(200)
  })
})
