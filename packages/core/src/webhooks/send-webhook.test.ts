import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../clock/virtual-clock.js'
import { sendWebhook, WEBHOOK_TIMEOUT_MS } from './send-webhook.js'

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'

describe('sendWebhook', () => {
  it('gives up on a silent receiver after 10 s, as a retryable timeout', async () => {
    const clock = new VirtualClock()
    // No `track`: the hanging request must not hold virtual time still.
    const requestClock = { now: () => clock.now(), sleep: clock.sleep.bind(clock) }
    let aborted = false
    const fetch = ((_url: string, init: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => {
          aborted = true
          reject(init.signal?.reason)
        })
      })) as typeof globalThis.fetch
    const started = clock.now()
    const sent = await clock.run(
      sendWebhook({
        id: 'msg_1',
        url: 'https://x.test/',
        body: '{}',
        secret: SECRET,
        fetch,
        clock: requestClock,
      }),
    )
    expect(aborted).toBe(true)
    expect(clock.now() - started).toBe(WEBHOOK_TIMEOUT_MS)
    expect(sent).toMatchObject({ delivered: false, retryable: true })
    expect(sent.attempt).toMatchObject({ status: null, error: 'timeout', durationMs: 10_000 })
    expect(sent.attempt.excerpt).toBe('no answer within 10000 ms')
  })

  it('counts a 2xx as delivered and names no secret in what it records', async () => {
    const clock = new VirtualClock()
    const fetch = (async () =>
      new Response('ok', { status: 202 })) as unknown as typeof globalThis.fetch
    const sent = await sendWebhook({
      id: 'msg_2',
      url: 'https://x.test/',
      body: '{}',
      secret: SECRET,
      fetch,
      clock,
    })
    expect(sent).toMatchObject({ delivered: true, retryable: false })
    expect(JSON.stringify(sent)).not.toContain(SECRET.slice(6))
  })
})
