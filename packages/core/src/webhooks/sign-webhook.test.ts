import { Webhook } from 'standardwebhooks'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ConfigurationError } from '../errors/subclasses.js'
import { signWebhook, webhookKey } from './sign-webhook.js'

// The example delivery of the Standard Webhooks specification and its reference libraries.
const SPEC = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
}

afterEach(() => {
  vi.useRealTimers()
})

describe('signWebhook', () => {
  it("gives the specification's example signature", async () => {
    const headers = await signWebhook(SPEC)
    expect(headers).toEqual({
      'webhook-id': SPEC.id,
      'webhook-timestamp': String(SPEC.timestamp),
      'webhook-signature': SPEC.signature,
    })
  })

  it('signs as the reference library does, for text, bytes, a Date and a secret without prefix', async () => {
    const reference = new Webhook(SPEC.secret)
    const at = new Date(1_780_000_000_000)
    const body = '{"type":"job.succeeded","note":"héllo ✓"}'
    const expected = reference.sign('msg_1', at, body)
    for (const input of [
      { id: 'msg_1', timestamp: at, body, secret: SPEC.secret },
      {
        id: 'msg_1',
        timestamp: 1_780_000_000,
        body: new TextEncoder().encode(body),
        secret: SPEC.secret,
      },
      { id: 'msg_1', timestamp: 1_780_000_000, body, secret: SPEC.secret.slice('whsec_'.length) },
    ]) {
      expect((await signWebhook(input))['webhook-signature']).toBe(expected)
    }
  })

  it("produces headers the reference library's verify accepts, and a changed body it refuses", async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date(1_780_000_100_000))
    const body = JSON.stringify({ type: 'job.progress', n: 1 })
    const headers = await signWebhook({
      id: 'msg_2',
      timestamp: 1_780_000_090,
      body,
      secret: SPEC.secret,
    })
    expect(new Webhook(SPEC.secret).verify(body, { ...headers })).toEqual({
      type: 'job.progress',
      n: 1,
    })
    expect(() => new Webhook(SPEC.secret).verify(`${body} `, { ...headers })).toThrow(/signature/)
  })

  it('refuses a malformed secret, an empty id and a non-integer timestamp, naming no secret', async () => {
    const base = { id: 'msg_3', timestamp: 1_780_000_000, body: '{}', secret: SPEC.secret }
    for (const secret of ['whsec_', 'whsec_not base64!', 'whsec_@@@@', '']) {
      const error = await signWebhook({ ...base, secret }).catch((e: unknown) => e)
      expect(ConfigurationError.isInstance(error)).toBe(true)
      expect((error as ConfigurationError).variable).toBe('secret')
      if (secret.length > 'whsec_'.length) expect((error as Error).message).not.toContain(secret)
    }
    await expect(signWebhook({ ...base, id: '' })).rejects.toThrow(/id is empty/)
    for (const timestamp of [1.5, -1, Number.NaN, new Date(Number.NaN)]) {
      await expect(signWebhook({ ...base, timestamp })).rejects.toThrow(/whole seconds/)
    }
  })
})

describe('webhookKey', () => {
  it('decodes the base64 after the prefix, and gives null for anything else', () => {
    expect(webhookKey('whsec_AAEC')).toEqual(new Uint8Array([0, 1, 2]))
    expect(webhookKey('AAEC')).toEqual(new Uint8Array([0, 1, 2]))
    expect(webhookKey('whsec_A')).toBeNull()
    expect(webhookKey('whsec_')).toBeNull()
    expect(webhookKey('whsec_AA-_')).toBeNull()
  })
})
