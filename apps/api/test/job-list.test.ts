import { JobListAnswerSchema } from '@darkroom/client/wire'
import { JobSchema } from '@darkroom/core'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { makeGateway } from './helpers.js'

const SHIRT = 'https://example.com/shirt.png'
const KEYS = { DARKROOM_API_KEYS: 'alice:alice-secret-000000,bob:bob-secret-11111111' }

/** A demo gateway with a job store, two keys, and a way to submit and list as either. */
function listingGateway() {
  const gateway = makeGateway({ env: KEYS, durable: true, providers: ['speedpix', 'aidge'] })
  const { request, clock } = gateway
  const submit = async (key: string, provider: 'speedpix' | 'aidge', prompt: string) => {
    const body =
      provider === 'speedpix'
        ? { provider, operation: 'txt2img', input: { prompt } }
        : { provider, operation: 'virtual-model', input: { imageUrl: SHIRT, model: 'WHITE' } }
    const created = await clock.run(
      request('/v1/jobs', { method: 'POST', key, body: JSON.stringify(body) }),
    )
    expect(created.status).toBe(202)
    const job = v.parse(JobSchema, await created.json())
    await clock.advance(1_000)
    return job
  }
  const list = async (key: string, query = '') => {
    const answer = await clock.run(request(`/v1/jobs${query}`, { key }))
    return { status: answer.status, body: (await answer.json()) as Record<string, unknown> }
  }
  return { ...gateway, submit, list }
}

describe('GET /v1/jobs', () => {
  it("lists the caller's jobs newest first, page by page, with the ids POST answered", async () => {
    const g = listingGateway()
    const a = await g.submit('alice-secret-000000', 'speedpix', 'one [[duration:600]]')
    const b = await g.submit('alice-secret-000000', 'aidge', 'two')
    const c = await g.submit('alice-secret-000000', 'speedpix', 'three [[duration:600]]')
    const first = await g.list('alice-secret-000000', '?limit=2')
    expect(first.status).toBe(200)
    const page = v.parse(JobListAnswerSchema, first.body)
    expect(page.jobs.map((j) => j.id)).toEqual([c.id, b.id])
    expect(page.jobs[0]?.images).toEqual([])
    const cursor = encodeURIComponent(page.nextCursor ?? '')
    const second = v.parse(
      JobListAnswerSchema,
      (await g.list('alice-secret-000000', `?limit=2&cursor=${cursor}`)).body,
    )
    expect(second).toEqual({ jobs: [expect.objectContaining({ id: a.id })], nextCursor: null })
    // A listed id is a job id like any other: it reads the job.
    const read = await g.clock.run(g.request(`/v1/jobs/${a.id}`, { key: 'alice-secret-000000' }))
    expect(read.status).toBe(200)
  })

  it('filters by state and provider', async () => {
    const g = listingGateway()
    const slow = await g.submit('alice-secret-000000', 'speedpix', 'slow [[duration:600]]')
    const other = await g.submit('alice-secret-000000', 'aidge', 'other')
    const bySpeedpix = await g.list('alice-secret-000000', '?provider=speedpix')
    expect((bySpeedpix.body.jobs as { id: string }[]).map((j) => j.id)).toEqual([slow.id])
    const byAidge = await g.list('alice-secret-000000', '?provider=aidge')
    expect((byAidge.body.jobs as { id: string }[]).map((j) => j.id)).toEqual([other.id])
    const succeeded = await g.list('alice-secret-000000', '?state=succeeded&provider=speedpix')
    expect(succeeded.body).toEqual({ jobs: [], nextCursor: null })
  })

  it("never lists another key's jobs", async () => {
    const g = listingGateway()
    await g.submit('alice-secret-000000', 'speedpix', 'mine [[duration:600]]')
    expect((await g.list('bob-secret-11111111')).body).toEqual({ jobs: [], nextCursor: null })
  })

  it.each([
    ['?state=done', 'state'],
    ['?provider=Nobody', 'provider'],
    ['?provider=aicontent', 'provider'],
    ['?limit=0', 'limit'],
    ['?limit=101', 'limit'],
    ['?limit=ten', 'limit'],
    ['?cursor=not-a-cursor', 'cursor'],
    ['?limit=1&limit=2', 'limit'],
    ['?sort=oldest', 'sort'],
  ])('refuses %s with a 400 naming %s', async (query, path) => {
    const g = listingGateway()
    const refused = await g.list('alice-secret-000000', query)
    expect(refused.status).toBe(400)
    expect(refused.body).toMatchObject({ code: 'invalid_input', errors: [{ path }] })
  })

  it('answers 501 store_required where the gateway keeps no store', async () => {
    const { request, clock } = makeGateway()
    const refused = await clock.run(request('/v1/jobs'))
    expect(refused.status).toBe(501)
    expect(await refused.json()).toMatchObject({ code: 'store_required', status: 501 })
  })
})
