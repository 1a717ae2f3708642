import { JobSchema } from '@darkroom/core'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { makeGateway } from './helpers.js'

const KEYS = { DARKROOM_API_KEYS: 'alice:alice-secret-000000,bob:bob-secret-11111111' }
const ALICE = 'alice-secret-000000'
const txt2img = (prompt: string) => ({
  provider: 'speedpix',
  operation: 'txt2img',
  input: { prompt },
})

/** A durable demo gateway (core's JobHub over a memory store) and a keyed POST /v1/jobs. */
function keyedGateway(options: Parameters<typeof makeGateway>[0] = {}) {
  const gateway = makeGateway({ env: KEYS, durable: true, ...options })
  const post = (body: unknown, key: string | null, init: { as?: string; text?: string } = {}) => {
    const headers: Record<string, string> = key === null ? {} : { 'idempotency-key': key }
    const request = gateway.request('/v1/jobs', {
      method: 'POST',
      key: init.as ?? ALICE,
      headers,
      body: init.text ?? JSON.stringify(body),
    })
    return gateway.clock.run(request)
  }
  const submits = () => gateway.tally.total('speedpix', 'submit')
  return { ...gateway, post, submits }
}

describe('POST /v1/jobs with an Idempotency-Key', () => {
  it('answers a repeat with the same job: 200, Idempotent-Replayed, the same Location', async () => {
    const g = keyedGateway()
    const first = await g.post(txt2img('a heron [[duration:600]]'), 'key-1')
    expect(first.status).toBe(202)
    expect(first.headers.get('idempotent-replayed')).toBeNull()
    const job = v.parse(JobSchema, await first.json())
    // The same request with its keys in another order is the same request.
    const text =
      '{"input":{"prompt":"a heron [[duration:600]]"},"operation":"txt2img","provider":"speedpix"}'
    const again = await g.post(null, 'key-1', { text })
    expect(again.status).toBe(200)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(again.headers.get('location')).toBe(first.headers.get('location'))
    const replayed = v.parse(JobSchema, await again.json())
    expect(replayed.id).toBe(job.id)
    // The current snapshot, as GET shows it.
    const read = await g.clock.run(g.request(`/v1/jobs/${replayed.id}`, { key: ALICE }))
    expect(v.parse(JobSchema, await read.json()).providerJobId).toBe(replayed.providerJobId)
    expect(g.submits()).toBe(1)
    // Another API key's key of the same text is another key: a second job.
    const bob = await g.post(txt2img('a heron [[duration:600]]'), 'key-1', {
      as: 'bob-secret-11111111',
    })
    expect(bob.status).toBe(202)
    expect(g.submits()).toBe(2)
  })

  it('refuses the key with another request as a 422 idempotency_key_reused, sending nothing', async () => {
    const g = keyedGateway()
    expect((await g.post(txt2img('one'), 'key-2')).status).toBe(202)
    for (const body of [
      txt2img('two'),
      {
        provider: 'aidge',
        operation: 'virtual-model',
        input: { imageUrl: 'https://example.com/a.png', model: 'WHITE' },
      },
    ]) {
      const answer = await g.post(body, 'key-2')
      expect(answer.status).toBe(422)
      const problem = await answer.json()
      expect(problem).toMatchObject({ code: 'idempotency_key_reused', retryable: false })
      expect(problem.detail).toMatch(/new key/)
    }
    expect(g.submits()).toBe(1)
    expect(g.tally.total('aidge', 'submit')).toBe(0)
  })

  it('answers a repeat while the first is in flight with a 409 and Retry-After', async () => {
    // The provider's answer held until the test lets it through.
    let answer: () => void = () => undefined
    const held = new Promise<void>((resolve) => {
      answer = resolve
    })
    const g = keyedGateway({
      adapt: (adapter) => ({
        ...adapter,
        submit: async (...args) => {
          await held
          return adapter.submit(...args)
        },
      }),
    })
    const first = g.post(txt2img('slow'), 'key-3')
    await g.clock.advance(10)
    const second = await g.post(txt2img('slow'), 'key-3')
    expect(second.status).toBe(409)
    expect(second.headers.get('retry-after')).toBe('1')
    expect(await second.json()).toMatchObject({
      code: 'idempotency_key_in_flight',
      retryable: true,
    })
    answer()
    expect((await first).status).toBe(202)
    expect((await g.post(txt2img('slow'), 'key-3')).status).toBe(200)
    expect(g.submits()).toBe(1)
  })

  it('frees the key after a definite failure, so the corrected request may reuse it', async () => {
    const g = keyedGateway()
    const refused = await g.post({ ...txt2img('x'), input: { prompt: 42 } }, 'key-4')
    expect(refused.status).toBe(400)
    expect((await g.post(txt2img('fixed'), 'key-4')).status).toBe(202)
  })

  it('answers submit_outcome_unknown for the key after a submit that got no answer', async () => {
    const g = keyedGateway({ emulators: { faults: { dropRate: 1 } } })
    const first = await g.post(txt2img('lost'), 'key-5')
    expect(first.status).toBe(502)
    expect((await first.json()).code).toBe('submit_outcome_unknown')
    const again = await g.post(txt2img('lost'), 'key-5')
    expect(again.status).toBe(502)
    const problem = await again.json()
    expect(problem).toMatchObject({ code: 'submit_outcome_unknown', retryable: false })
    expect(problem.detail).toMatch(/may or may not have the job/)
    expect(problem.detail).toMatch(/GET \/v1\/jobs/)
    expect(problem.detail).toMatch(/new key/)
    expect(g.submits()).toBe(1)
  })

  it('refuses a key that is not 1–255 visible ASCII characters as a 400 naming the header', async () => {
    const g = keyedGateway()
    for (const key of ['has space', 'x'.repeat(256), 'é']) {
      const answer = await g.post(txt2img('x'), key)
      expect(answer.status).toBe(400)
      const problem = await answer.json()
      expect(problem.detail).toContain('Idempotency-Key')
      expect(problem.errors).toEqual([expect.objectContaining({ path: '(Idempotency-Key)' })])
    }
    expect(g.submits()).toBe(0)
    expect((await g.post(txt2img('x'), 'x'.repeat(255))).status).toBe(202)
  })
})
