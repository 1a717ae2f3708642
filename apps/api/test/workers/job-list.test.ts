// GET /v1/jobs through the demo Worker inside workerd: each provider's jobs live in that
// provider's Durable Object, and the Worker merges the objects' pages newest first.
import { exports } from 'cloudflare:workers'
import { JobSchema } from '@darkroom/core'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'

/** A second key beside "demo", set in vitest.config.ts (`DARKROOM_API_KEYS`). */
const BOB = 'Bearer workers-bob-secret-0000'
const PageSchema = v.object({ jobs: v.array(JobSchema), nextCursor: v.nullable(v.string()) })

function call(path: string, authorization: string, body?: unknown): Promise<Response> {
  return exports.default.fetch(
    new Request(`http://gateway.test${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    }),
  )
}

async function submit(authorization: string, provider: string, operation: string, input: unknown) {
  const answer = await call('/v1/jobs', authorization, { provider, operation, input })
  expect(answer.status, await answer.clone().text()).toBe(202)
  // workerd's clock moves only across I/O: a moment apart, so "newest first" has one answer.
  await new Promise((resolve) => setTimeout(resolve, 5))
  return v.parse(JobSchema, await answer.json()).id
}

/** Every page of `GET /v1/jobs?…&limit=`, in order. */
async function allPages(authorization: string, query: string) {
  const pages: v.InferOutput<typeof PageSchema>[] = []
  let cursor: string | null = null
  do {
    const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
    const answer = await call(`/v1/jobs?${query}${suffix}`, authorization)
    expect(answer.status).toBe(200)
    const page = v.parse(PageSchema, await answer.json())
    pages.push(page)
    cursor = page.nextCursor
    if (pages.length > 50) throw new Error('more than 50 pages: the cursor does not move on')
  } while (cursor)
  return pages
}

describe('GET /v1/jobs across the providers’ Durable Objects in workerd', () => {
  it("merges two providers' jobs newest first, page by page, never another key's", async () => {
    const demo = 'Bearer demo'
    const slow = { prompt: 'a heron [[duration:600]]' }
    const a = await submit(demo, 'speedpix', 'txt2img', slow)
    const b = await submit(demo, 'aidge', 'virtual-model', {
      imageUrl: 'https://example.com/a.png',
      model: 'WHITE',
    })
    const c = await submit(demo, 'speedpix', 'txt2img', slow)
    const bobs = await submit(BOB, 'aidge', 'virtual-model', {
      imageUrl: 'https://example.com/b.png',
      model: 'WHITE',
    })

    const pages = await allPages(demo, 'limit=2')
    const ids = pages.flatMap((page) => page.jobs.map((job) => job.id))
    // Other tests of this project may have left demo jobs too: ours are the newest three.
    expect(ids.slice(0, 3)).toEqual([c, b, a])
    expect(pages[0]?.jobs.map((job) => job.provider)).toEqual(['speedpix', 'aidge'])
    expect(pages.every((page) => page.jobs.length <= 2)).toBe(true)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids).not.toContain(bobs)

    const bobPages = await allPages(BOB, 'limit=5')
    expect(bobPages.flatMap((page) => page.jobs.map((job) => job.id))).toEqual([bobs])

    const aidge = await allPages(demo, 'provider=aidge&limit=100')
    const aidgeIds = aidge.flatMap((page) => page.jobs.map((job) => job.id))
    expect(aidgeIds[0]).toBe(b)
    expect(aidgeIds).not.toContain(bobs)
    expect(aidge.flatMap((page) => page.jobs).every((job) => job.provider === 'aidge')).toBe(true)
  })

  it('refuses a cursor it did not give, before asking any object', async () => {
    const answer = await call('/v1/jobs?cursor=not-a-cursor', 'Bearer demo')
    expect(answer.status).toBe(400)
    expect(((await answer.json()) as { code: string }).code).toBe('invalid_input')
  })
})
