import { describe, expect, it } from 'vitest'
import { isDroppedConnection } from '../shared/dropped-connection.js'
import { signImageUrl } from '../shared/signed-url.js'
import {
  AIDGE_QUERY,
  AIDGE_SAMPLE,
  AIDGE_SUBMIT,
  aidgeClient,
  expectPng,
} from '../testing/index.js'

const SECOND = 1000

describe('aidge emulator: task life on the clock', () => {
  it('moves submitted → running → finished and then lists count result images', async () => {
    const { submit, query, clock } = aidgeClient()
    const taskId = await submit({ ...AIDGE_SAMPLE, count: '3' })
    expect((await query(taskId)).data).toEqual({
      taskId,
      taskStatus: 'submitted',
      taskMessage: null,
      taskResult: [],
    })
    await clock.advance(2 * SECOND)
    expect((await query(taskId)).data.taskStatus).toBe('running')
    await clock.advance(10 * SECOND - 1)
    expect((await query(taskId)).data.taskStatus).toBe('running')
    await clock.advance(1)
    const done = await query(taskId)
    expect(done).toMatchObject({ success: true, resCode: 200 })
    expect(done.data).toMatchObject({ taskId, taskStatus: 'finished', taskMessage: 'success' })
    expect(done.data.taskResult).toHaveLength(3)
    for (const item of done.data.taskResult) {
      expect(item).toEqual({ url: expect.any(String), width: 768, height: 1024 })
    }
    // URLs are stable across queries: they are signed against the finish time.
    expect((await query(taskId)).data.taskResult).toEqual(done.data.taskResult)
  })

  it('defaults to one 768×1024 image and honours dimension', async () => {
    const { submit, query, clock } = aidgeClient()
    const plain = await submit({ imageUrl: AIDGE_SAMPLE.imageUrl, model: 'BLACK' })
    const wide = await submit({ imageUrl: AIDGE_SAMPLE.imageUrl, model: 'BLACK', dimension: 1536 })
    await clock.advance(12 * SECOND)
    expect((await query(plain)).data.taskResult).toEqual([
      { url: expect.any(String), width: 768, height: 1024 },
    ])
    expect((await query(wide)).data.taskResult[0]).toMatchObject({ width: 1536, height: 2048 })
  })

  it('replays the same ids for the same seed', async () => {
    const a = aidgeClient()
    const b = aidgeClient()
    expect(await a.submit(AIDGE_SAMPLE)).toBe(await b.submit(AIDGE_SAMPLE))
  })
})

describe('aidge emulator: result images', () => {
  async function finished(count = 2, ttl?: number) {
    const ctx = aidgeClient(ttl === undefined ? {} : { imageUrlTtlMs: ttl })
    const taskId = await ctx.submit({ ...AIDGE_SAMPLE, count: String(count) })
    await ctx.clock.advance(12 * SECOND)
    const urls = ((await ctx.query(taskId)).data.taskResult as { url: string }[]).map((r) => r.url)
    return { ...ctx, taskId, urls }
  }

  it('serves real PNGs of the requested size, different per index', async () => {
    const { emulator, urls } = await finished()
    const images = await Promise.all(
      urls.map(async (url) => {
        const res = await emulator.fetch(url)
        expect(res.status).toBe(200)
        expect(res.headers.get('content-type')).toBe('image/png')
        return new Uint8Array(await res.arrayBuffer())
      }),
    )
    for (const bytes of images) {
      expectPng(bytes, 768, 1024)
    }
    expect(images[0]).not.toEqual(images[1])
    expect(new URL(urls[0] as string).searchParams.get('Expires')).toMatch(/^\d+$/)
  })

  it('stops serving them once the URL has expired', async () => {
    const { emulator, urls, clock } = await finished(1, 60 * SECOND)
    expect((await emulator.fetch(urls[0] as string)).status).toBe(200)
    await clock.advance(61 * SECOND)
    const res = await emulator.fetch(urls[0] as string)
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('<Code>AccessDenied</Code>')
  })

  it('refuses tampered URLs and images that do not exist', async () => {
    const { emulator, urls, taskId, clock } = await finished(1)
    const tampered = new URL(urls[0] as string)
    tampered.pathname = tampered.pathname.replace('0.png', '1.png')
    const bad = await emulator.fetch(tampered)
    expect(bad.status).toBe(403)
    expect(await bad.text()).toContain('SignatureDoesNotMatch')
    const forged = await signImageUrl({
      baseUrl: 'http://x/oss/aidge',
      path: `${taskId}/5.png`,
      expiresAt: clock.now() + 60 * SECOND,
      secret: 'aidge-emulator-images-7',
    })
    const missing = await emulator.fetch(forged)
    expect(missing.status).toBe(404)
    expect(await missing.text()).toContain('NoSuchKey')
  })
})

describe('aidge emulator: markers', () => {
  it.each([
    ['bgStyle', { bgStyle: 'room [[fail:failed]]' }, 'model generation failed'],
    ['model', { model: 'WHITE[[fail:failed]]' }, 'model generation failed'],
    ['imageUrl', { imageUrl: `${AIDGE_SAMPLE.imageUrl}?[[fail:OOM]]` }, 'generation failed: OOM'],
    ['age', { age: 'YOUTH [[fail:500]]' }, 'system error (500)'],
  ])('[[fail:..]] in %s ends the task with taskStatus failed', async (_, patch, message) => {
    const { submit, query, clock } = aidgeClient()
    const taskId = await submit({ ...AIDGE_SAMPLE, ...patch })
    await clock.advance(11 * SECOND)
    expect((await query(taskId)).data.taskStatus).toBe('running')
    await clock.advance(SECOND)
    const answer = await query(taskId)
    expect(answer).toMatchObject({ success: true, resCode: 200 })
    expect(answer.data).toMatchObject({
      taskStatus: 'failed',
      taskMessage: message,
      taskResult: [],
    })
  })

  it.each([
    ['801', 'model failed'],
    ['1000', 'content has sensitive data'],
    ['1001', 'content control failed, please retry'],
    ['1002', 'content risk filter failed'],
  ])('[[fail:%s]] ends the task with that resCode', async (code, message) => {
    const { submit, query, clock } = aidgeClient()
    const taskId = await submit({ ...AIDGE_SAMPLE, imageUrl: `https://x/y.png?[[fail:${code}]]` })
    await clock.advance(12 * SECOND)
    expect(await query(taskId)).toMatchObject({
      success: false,
      resCode: Number(code),
      resMessage: message,
      data: { taskId, taskStatus: 'failed', taskMessage: message },
    })
  })

  it('[[duration:30]] sets the run time', async () => {
    const { submit, query, clock } = aidgeClient()
    const taskId = await submit({ ...AIDGE_SAMPLE, bgStyle: 'room[[duration:30]]' })
    await clock.advance(31 * SECOND)
    expect((await query(taskId)).data.taskStatus).toBe('running')
    await clock.advance(SECOND)
    expect((await query(taskId)).data.taskStatus).toBe('finished')
  })
})

describe('aidge emulator: faults and quota', () => {
  it('answers a 5xx fault with HTTP 500 and resCode 500', async () => {
    const { call } = aidgeClient({ faults: { serverErrorRate: 1 } })
    const res = await call(AIDGE_QUERY, { taskId: 'x' })
    expect(res.status).toBe(500)
    expect(await res.json()).toMatchObject({
      success: false,
      resCode: 500,
      resMessage: 'system error',
    })
  })

  it('answers a rate-limit fault with HTTP 200 and resCode 501', async () => {
    const { call } = aidgeClient({ faults: { rateLimitRate: 1 } })
    const res = await call(AIDGE_SUBMIT, AIDGE_SAMPLE)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      success: false,
      resCode: 501,
      resMessage: 'rate limit exceeded',
    })
  })

  it('truncates JSON on a malformed fault and drops connections on a drop fault', async () => {
    const malformed = aidgeClient({ faults: { malformedRate: 1 } })
    const text = await (await malformed.call(AIDGE_SUBMIT, AIDGE_SAMPLE)).text()
    expect(() => JSON.parse(text)).toThrow()
    const dropped = aidgeClient({ faults: { dropRate: 1 } })
    const error = await dropped.call(AIDGE_SUBMIT, AIDGE_SAMPLE).catch((e: unknown) => e)
    expect(isDroppedConnection(error)).toBe(true)
  })

  it('leaves result images alone: faults are the API gateway’s', async () => {
    const { emulator, clock } = aidgeClient({ faults: { dropRate: 1 } })
    const job = emulator.simulator.submit({
      imageCount: 1,
      width: 600,
      height: 800,
      meta: { appKey: 'k' },
    })
    await clock.advance(20 * SECOND)
    const url = await signImageUrl({
      baseUrl: 'http://x/oss/aidge',
      path: `${job.id}/0.png`,
      expiresAt: clock.now() + 60 * SECOND,
      secret: 'aidge-emulator-images-7',
    })
    const res = await emulator.fetch(url)
    expect(res.status).toBe(200)
    expectPng(new Uint8Array(await res.arrayBuffer()), 600, 800)
  })

  it('answers an exhausted quota with the gateway envelope, per resource', async () => {
    const { json } = aidgeClient({ paidQuota: 1, trialQuota: 0 })
    const trial = { headers: { 'x-iop-trial': 'true' } }
    expect(await json(AIDGE_SUBMIT, AIDGE_SAMPLE, trial)).toMatchObject({
      code: 'ResourceExhausted',
      message: expect.stringContaining('your calling resources have been exhausted'),
    })
    expect((await json(AIDGE_SUBMIT, AIDGE_SAMPLE)).resCode).toBe(200)
    expect(await json(AIDGE_SUBMIT, AIDGE_SAMPLE)).toMatchObject({ code: 'ResourceExhausted' })
    // Refused submissions spend nothing; queries are free.
    expect((await json(AIDGE_QUERY, { taskId: 'x' })).resCode).toBe(700)
  })
})
