import { DarkroomError, VirtualClock } from '@darkroom/core'
import { signWebhook } from '@darkroom/core/webhooks'
import { describe, expect, it, vi } from 'vitest'
import {
  verifyWebhook,
  WebhookVerificationError,
  type WebhookVerificationReason,
} from '../src/webhooks/index.js'
import { DEMO_SECRET, SIGNED_AT_MS, sampleEvent, signed } from './webhook-deliveries.js'

const OTHER_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const body = JSON.stringify(sampleEvent())
const clockAt = (ms: number) => new VirtualClock({ start: ms })
const clock = clockAt(SIGNED_AT_MS + 30_000)

function post(delivery: { body: BodyInit; headers: Record<string, string> }) {
  return new Request('http://127.0.0.1/hooks/darkroom', { method: 'POST', ...delivery })
}

/** The refusal `verifyWebhook` throws, checked to be a WebhookVerificationError. */
async function refusal(run: Promise<unknown>): Promise<WebhookVerificationError> {
  const error = await run.then(
    () => expect.unreachable('the delivery was accepted'),
    (e: unknown) => e,
  )
  expect(WebhookVerificationError.isInstance(error), String(error)).toBe(true)
  return error as WebhookVerificationError
}

describe('verifyWebhook accepts deliveries signed by standardwebhooks 1.1.1', () => {
  it('from a Request and from { body, headers }, with string and byte bodies', async () => {
    const delivery = signed(body)
    const bytes = new TextEncoder().encode(body)
    for (const input of [
      post(delivery),
      post({ ...delivery, body: bytes }),
      delivery,
      { ...delivery, body: bytes },
      { ...delivery, headers: new Headers(delivery.headers) },
    ]) {
      expect(await verifyWebhook(input, DEMO_SECRET, { clock })).toEqual(sampleEvent())
    }
  })

  it('with header names in any case, list values, and several signatures incl. a v1a one', async () => {
    const { headers } = signed(body)
    const several = `v1a,${btoa('an ed25519 signature, not ours to check')} v1,${btoa('stale')} ${headers['webhook-signature']}`
    const records = [
      {
        'Webhook-Id': headers['webhook-id'],
        'WEBHOOK-TIMESTAMP': headers['webhook-timestamp'],
        'Webhook-Signature': several,
      },
      // Node gives a repeated header as a list; a proxy may have split the signatures so.
      { ...headers, 'webhook-signature': several.split(' ') },
    ]
    for (const record of records) {
      const event = await verifyWebhook({ body, headers: record }, DEMO_SECRET, { clock })
      expect(event.data.id).toBe('job_4f2a')
    }
  })

  it('within the tolerance either way, the wall clock by default', async () => {
    const delivery = signed(body)
    for (const ms of [SIGNED_AT_MS - 300_000, SIGNED_AT_MS + 300_999]) {
      await expect(verifyWebhook(delivery, DEMO_SECRET, { clock: clockAt(ms) })).resolves.toEqual(
        sampleEvent(),
      )
    }
    vi.useFakeTimers({ toFake: ['Date'], now: SIGNED_AT_MS + 10_000 })
    try {
      await expect(verifyWebhook(delivery, DEMO_SECRET)).resolves.toEqual(sampleEvent())
    } finally {
      vi.useRealTimers()
    }
    const old = { clock: clockAt(SIGNED_AT_MS + 3_600_000), toleranceSeconds: 3_600 }
    await expect(verifyWebhook(delivery, DEMO_SECRET, old)).resolves.toEqual(sampleEvent())
  })
})

describe('verifyWebhook refuses, saying why', () => {
  const cases: Array<[string, () => Promise<unknown>, WebhookVerificationReason, RegExp]> = [
    [
      'a tampered body',
      () =>
        verifyWebhook({ ...signed(body), body: body.replace('task-81', 'task-82') }, DEMO_SECRET, {
          clock,
        }),
      'bad-signature',
      /No v1 signature/,
    ],
    [
      'another secret',
      () => verifyWebhook(signed(body, { secret: OTHER_SECRET }), DEMO_SECRET, { clock }),
      'bad-signature',
      /check the secret/,
    ],
    [
      'only a v1a signature',
      () =>
        verifyWebhook(
          {
            body,
            headers: {
              ...signed(body).headers,
              'webhook-signature': `v1a,${signed(body).headers['webhook-signature'].slice(3)}`,
            },
          },
          DEMO_SECRET,
          { clock },
        ),
      'bad-signature',
      /No v1 signature/,
    ],
    [
      'a timestamp 301 s old',
      () => verifyWebhook(signed(body), DEMO_SECRET, { clock: clockAt(SIGNED_AT_MS + 301_000) }),
      'outside-tolerance',
      /301 s ago, beyond the 300 s tolerance/,
    ],
    [
      'a timestamp 301 s ahead',
      () => verifyWebhook(signed(body), DEMO_SECRET, { clock: clockAt(SIGNED_AT_MS - 301_000) }),
      'outside-tolerance',
      /301 s in the future/,
    ],
    [
      'a timestamp that is not seconds',
      () =>
        verifyWebhook(
          {
            body,
            headers: { ...signed(body).headers, 'webhook-timestamp': '2026-06-01T12:00:00Z' },
          },
          DEMO_SECRET,
          { clock },
        ),
      'bad-timestamp',
      /whole seconds/,
    ],
    [
      'a signed body that is not an event',
      () =>
        verifyWebhook(signed('{"type":"job.succeeded","data":{"id":1}}'), DEMO_SECRET, { clock }),
      'bad-body',
      /not a Darkroom webhook event \(fields: timestamp, data\./,
    ],
    [
      'a signed body that is not JSON',
      () => verifyWebhook(signed('job done'), DEMO_SECRET, { clock }),
      'bad-body',
      /not UTF-8 JSON/,
    ],
  ]
  for (const [what, run, reason, message] of cases) {
    it(what, async () => {
      const error = await refusal(run())
      expect(error.reason).toBe(reason)
      expect(error.message).toMatch(message)
      expect(error.retryable).toBe(false)
    })
  }

  it('missing headers, naming each', async () => {
    const { headers } = signed(body)
    for (const name of Object.keys(headers) as Array<keyof typeof headers>) {
      for (const value of [undefined, '']) {
        const error = await refusal(
          verifyWebhook({ body, headers: { ...headers, [name]: value } }, DEMO_SECRET, { clock }),
        )
        expect([error.reason, error.message]).toEqual([
          'missing-header',
          expect.stringContaining(`no ${name} header`),
        ])
      }
    }
    const none = await refusal(verifyWebhook(post({ body, headers: {} }), DEMO_SECRET, { clock }))
    expect(none.message).toContain('no webhook-id, webhook-timestamp, webhook-signature header')
  })

  it('a signed body of bytes that are not UTF-8, which a text() read would have mangled', async () => {
    const bytes = new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])
    const headers = await signWebhook({
      id: 'msg_1',
      timestamp: SIGNED_AT_MS / 1000,
      body: bytes,
      secret: DEMO_SECRET,
    })
    const error = await refusal(
      verifyWebhook(post({ body: bytes, headers: { ...headers } }), DEMO_SECRET, { clock }),
    )
    expect(error.reason).toBe('bad-body')
  })

  it('a malformed secret, before anything else, never echoing any secret', async () => {
    for (const secret of ['whsec_not base64!', 'whsec_', 'sk_live_0123456789abcdef', '']) {
      const error = await refusal(verifyWebhook(signed(body), secret, { clock }))
      expect([error.reason, error.code]).toEqual(['bad-secret', 'invalid_input'])
      if (secret.length > 'whsec_'.length) {
        expect(`${error.message} ${error.stack}`).not.toContain(secret.slice('whsec_'.length))
      }
    }
  })

  it('never puts the secret or its key into any refusal', async () => {
    const key = DEMO_SECRET.slice('whsec_'.length)
    for (const [, run] of cases) {
      const error = await refusal(run())
      const seen = `${error.message}\n${error.stack}\n${JSON.stringify(error)}\n${String(error.cause)}`
      expect(seen).not.toContain(key)
      expect(seen).not.toContain(atob(key))
    }
  })

  it('a tolerance that is not seconds, and a Request whose body was read', async () => {
    for (const toleranceSeconds of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(
        verifyWebhook(signed(body), DEMO_SECRET, { clock, toleranceSeconds }),
      ).rejects.toThrow(RangeError)
    }
    const request = post(signed(body))
    await request.text()
    await expect(verifyWebhook(request, DEMO_SECRET, { clock })).rejects.toThrow(
      /already read: pass \{ body, headers \}/,
    )
  })
})

describe('WebhookVerificationError', () => {
  it('is a DarkroomError, and isInstance holds across copies of the module', async () => {
    const error = await refusal(verifyWebhook(signed('x'), DEMO_SECRET, { clock }))
    expect(DarkroomError.isInstance(error)).toBe(true)
    expect([error.name, error.code]).toEqual(['WebhookVerificationError', 'unexpected_response'])
    vi.resetModules()
    const copy = await import('../src/webhooks/webhook-verification-error.js')
    expect(copy.WebhookVerificationError).not.toBe(WebhookVerificationError)
    const other = new copy.WebhookVerificationError('x', { reason: 'bad-signature' })
    expect(other).not.toBeInstanceOf(WebhookVerificationError)
    expect(WebhookVerificationError.isInstance(other)).toBe(true)
    expect(copy.WebhookVerificationError.isInstance(error)).toBe(true)
    expect(
      WebhookVerificationError.isInstance(new DarkroomError('x', { code: 'unauthorized' })),
    ).toBe(false)
    expect(WebhookVerificationError.isInstance(null)).toBe(false)
  })
})
