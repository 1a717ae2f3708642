import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient, DarkroomApiError, InvalidInputError } from '../src/index.js'
import { drive } from './gateway-app.js'
import { startGateway } from './helpers.js'

const BOB = 'bob-secret-0000000000'

describe('jobs.list against the gateway over loopback', () => {
  let gw: Awaited<ReturnType<typeof startGateway>>
  let storeless: Awaited<ReturnType<typeof startGateway>>
  const client = (apiKey = 'demo', url = gw.url) =>
    createClient({ baseUrl: url, apiKey, clock: gw.clock })

  beforeAll(async () => {
    gw = await startGateway({ durable: true, apiKeys: `bob:${BOB}` })
    storeless = await startGateway()
  })
  afterAll(async () => {
    await gw.close()
    await storeless.close()
  })

  it("pages the key's jobs newest first, filters them, and never shows another key's", async () => {
    const c = client()
    const ids: string[] = []
    for (const prompt of ['one', 'two', 'three']) {
      const job = await drive(
        gw.clock,
        c.jobs.create({
          provider: 'speedpix',
          operation: 'txt2img',
          input: { prompt: `${prompt} [[duration:600]]` },
        }),
      )
      ids.push(job.id)
      await gw.clock.advance(1_000)
    }
    const first = await drive(gw.clock, c.jobs.list({ limit: 2 }))
    expect(first.jobs.map((j) => j.id)).toEqual([ids[2], ids[1]])
    expect(first.nextCursor).toEqual(expect.any(String))
    const second = await drive(
      gw.clock,
      c.jobs.list({ limit: 2, cursor: first.nextCursor ?? undefined }),
    )
    expect(second.jobs.map((j) => j.id)).toEqual([ids[0]])
    expect(second.nextCursor).toBeNull()
    // A listed id reads its job like the id create answered.
    expect(await drive(gw.clock, c.jobs.get(second.jobs[0]?.id ?? ''))).toMatchObject({
      id: ids[0],
    })
    const done = await drive(gw.clock, c.jobs.list({ state: 'succeeded' }))
    expect(done).toEqual({ jobs: [], nextCursor: null })
    expect(await drive(gw.clock, client(BOB).jobs.list())).toEqual({ jobs: [], nextCursor: null })
  })

  it('surfaces a refused query member as an InvalidInputError naming it', async () => {
    const refused = await drive(gw.clock, client().jobs.list({ limit: 0 })).catch((e) => e)
    expect(InvalidInputError.isInstance(refused)).toBe(true)
    expect((refused as InvalidInputError).issues.map((i) => i.path)).toEqual(['limit'])
  })

  it('says a gateway without a job store cannot list (501 store_required)', async () => {
    const refused = await drive(gw.clock, client('demo', storeless.url).jobs.list()).catch((e) => e)
    expect(DarkroomApiError.isInstance(refused)).toBe(true)
    expect((refused as DarkroomApiError).problem).toMatchObject({
      code: 'store_required',
      status: 501,
    })
  })
})
