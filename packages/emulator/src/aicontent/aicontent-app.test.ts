import { decode } from 'fast-png'
import { describe, expect, it } from 'vitest'
import { base64ToBytes } from '../shared/base64.js'
import { isDroppedConnection } from '../shared/dropped-connection.js'
import { aicontentClient, expectPng, PNG_SIGNATURE, type WireJson } from '../testing/index.js'

const urls = ['https://img.example.com/a.jpg']
/** The word a job starts under: both occur (see aicontent-variants.test.ts). */
const FIRST_WORD = expect.stringMatching(/^(NOT_START|SUBMITTED)$/)
/** The word a queued job shows later: NOT_START jobs keep theirs. */
const QUEUED_WORD = expect.stringMatching(/^(NOT_START|WAIT_SCHEDULE)$/)
type Json = Awaited<ReturnType<ReturnType<typeof aicontentClient>['json']>>

const inference = (prompt: string, extra: Record<string, unknown> = {}) => ({
  path: '/addInferenceJob',
  body: { modelId: 'demo-model', prompt, ...extra },
})
const premodel = (prompt: string, extra: Record<string, unknown> = {}) => ({
  path: '/addPreModelInferenceJob',
  body: { imageUrl: urls, prompt, ...extra },
})
const train = (name: string, extra: Record<string, unknown> = {}) => ({
  path: '/addModelTrainJob',
  body: { name, objectType: 'dog', imageUrl: urls, ...extra },
})

function expectRefusal(res: Json, status: number, errCode: string) {
  expect(res.status).toBe(status)
  expect(res.body).toMatchObject({ success: false, errCode, httpStatusCode: status, data: null })
  expect(res.body.requestId).toMatch(/^[0-9A-F-]{36}$/)
}

describe('aicontent emulator: envelopes and validation', () => {
  it('answers submits with the documented envelope and data', async () => {
    const { json } = aicontentClient()
    const res = await json(inference('a <special-token> in the snow', { imageNumber: 2, seed: 42 }))
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ success: true, httpStatusCode: 200 })
    expect([null, 'UNKNOWN_ERROR']).toContain(res.body.errCode)
    expect(res.body.data).toEqual({
      id: expect.any(String),
      promptId: expect.stringMatching(/^promptId-/),
      modelId: 'demo-model',
      jobStatus: FIRST_WORD,
      jobTrainProgress: 0,
      // The documentation's own success example: no images yet reads [""], not [].
      resultImageUrl: [''],
      createTime: '2024-06-11T16:00:00',
    })
  })

  it.each([
    ['a missing prompt', inference('', {}), 400, 'B_PARAMETER_NOT_FOUND_EXCEPTION'],
    ['a numeric prompt', inference('x', { prompt: 7 }), 400, 'B_PARAMETER_NOT_FOUND_EXCEPTION'],
    ['imageNumber 0', inference('x', { imageNumber: 0 }), 400, 'B_PARAMETER_NOT_FOUND_EXCEPTION'],
    ['a string seed', inference('x', { seed: '42' }), 400, 'B_PARAMETER_NOT_FOUND_EXCEPTION'],
    ['an unknown model', inference('x', { modelId: 'nope' }), 404, 'B_MODEL_TRAIN_JOB_NOT_EXIST'],
    ['no imageUrl', premodel('x', { imageUrl: [] }), 400, 'B_PARAMETER_NOT_FOUND_EXCEPTION'],
    ['strength 0.35', premodel('x', { strength: 0.35 }), 400, 'B_PARAMETER_NOT_FOUND_EXCEPTION'],
    ['trainSteps -1', premodel('x', { trainSteps: -1 }), 400, 'B_PARAMETER_NOT_FOUND_EXCEPTION'],
    ['a null name', train('x', { name: null }), 400, 'B_PARAMETER_NOT_FOUND_EXCEPTION'],
    ['no objectType', train('x', { objectType: '' }), 400, 'B_PARAMETER_NOT_FOUND_EXCEPTION'],
    [
      'a body that is not JSON',
      { path: '/addModelTrainJob', rawBody: '{"name":' },
      400,
      'B_PARAMETER_NOT_FOUND_EXCEPTION',
    ],
    [
      'a JSON array body',
      { path: '/addModelTrainJob', body: [] },
      400,
      'B_PARAMETER_NOT_FOUND_EXCEPTION',
    ],
  ])('refuses %s', async (_, call, status, errCode) => {
    const { json } = aicontentClient()
    expectRefusal(await json(call), status, errCode)
  })

  it('accepts every strength, an out-of-range seed and unknown extra fields', async () => {
    const { json } = aicontentClient()
    for (const strength of [0.3, 0.4, 0.5, 0.6, 0.7, 0.8]) {
      const res = await json(premodel('x', { strength, seed: 9_999_999_999, extra: true }))
      expect(res.body.success).toBe(true)
    }
  })

  it('refuses unknown job ids, and ids of another kind of job', async () => {
    const { json } = aicontentClient()
    const pre = (await json(premodel('x'))).body.data.id as string
    for (const [path, query, errCode] of [
      ['/queryInferenceJobInfo', { inferenceJobId: 'nope' }, 'B_DATA_NOT_FOUND_EXCEPTION'],
      ['/queryInferenceJobInfo', { inferenceJobId: pre }, 'B_DATA_NOT_FOUND_EXCEPTION'],
      ['/queryPreModelInferenceJobInfo', { inferenceJobId: 'nope' }, 'B_DATA_NOT_FOUND_EXCEPTION'],
      ['/queryModelTrainStatus', { modelId: pre }, 'B_MODEL_TRAIN_JOB_NOT_EXIST'],
    ] as const) {
      expectRefusal(await json({ path, query }), 404, errCode)
    }
    expectRefusal(
      await json({ path: '/queryInferenceJobInfo' }),
      400,
      'B_PARAMETER_NOT_FOUND_EXCEPTION',
    )
  })
})

describe('aicontent emulator: jobs over time', () => {
  it('moves inference SUBMITTED → WAIT_SCHEDULE (or NOT_START) → INFERRING → FINISHED', async () => {
    const { json, clock } = aicontentClient()
    const submitted = await json(inference('a <special-token>', { imageNumber: 25 }))
    const id = submitted.body.data.id as string
    const info = async () =>
      (await json({ path: '/queryInferenceJobInfo', query: { inferenceJobId: id } })).body.data
    expect(await info()).toMatchObject({ jobStatus: QUEUED_WORD, jobTrainProgress: 0 })
    await clock.advance(2000 + 5000)
    expect(await info()).toMatchObject({
      jobStatus: 'INFERRING',
      jobTrainProgress: 0.5,
      resultImageUrl: [''],
    })
    await clock.advance(5000)
    const done = await info()
    expect(done.jobStatus).toBe('FINISHED')
    expect(done.jobTrainProgress).toBe(1)
    // imageNumber above 10 counts as 10.
    expect(done.resultImageUrl).toEqual(
      Array.from({ length: 10 }, (_, i) => `${String(i).padStart(4, '0')}.png`),
    )
  })

  it('trains a model (TRAINING → FINISHED) that inference then accepts and the list shows', async () => {
    const { json, clock } = aicontentClient()
    const submitted = (await json(train('熊猫', { trainSteps: 800 }))).body.data
    expect(submitted).toMatchObject({
      jobStatus: FIRST_WORD,
      name: '熊猫',
      objectType: 'dog',
      imageUrl: urls,
    })
    const modelId = submitted.modelId as string
    const status = async () =>
      (await json({ path: '/queryModelTrainStatus', query: { modelId } })).body.data
    expect(await status()).toEqual({ modelTrainStatus: QUEUED_WORD })
    expectRefusal(await json(inference('x', { modelId })), 404, 'B_MODEL_TRAIN_JOB_NOT_EXIST')
    await clock.advance(30_000)
    expect(await status()).toEqual({ modelTrainStatus: 'TRAINING' })
    await clock.advance(40_000)
    expect(await status()).toEqual({ modelTrainStatus: 'FINISHED' })
    const job = (await json(inference('a <special-token>', { modelId }))).body.data
    expect(job.modelId).toBe(modelId)
    const list = (await json({ path: '/queryModelTrainJobList' })).body.data as WireJson[]
    expect(list.map((m) => m.modelId)).toEqual(['demo-model', modelId])
    expect(list[1]).toMatchObject({ jobStatus: 'FINISHED', jobTrainProgress: 1 })
    expect(list[1]?.inferenceJobList).toEqual([
      expect.objectContaining({ id: job.id, jobStatus: QUEUED_WORD }),
    ])
  })

  const endings = [
    ['OOM', 'OOM'],
    ['TOO_MANY_INFERENCE_REQUESTS', 'TOO_MANY_INFERENCE_REQUESTS'],
    ['WRONG_IMAGE_URL', 'WRONG_IMAGE_URL'],
    ['INFERRING_TERMINATED', 'INFERRING_TERMINATED'],
    ['oom', 'OOM'],
    ['failed', 'INFERRING_TERMINATED'],
    ['NOT_START', 'NOT_START'],
    ['WAIT_SCHEDULE', 'WAIT_SCHEDULE'],
    ['FINISHED', 'FINISHED'],
  ]
  it.each(endings)('[[fail:%s]] ends a pre-model job with %s', async (marker, word) => {
    const { json, clock } = aicontentClient()
    const id = (await json(premodel(`a <special-token> [[fail:${marker}]]`))).body.data.id
    await clock.advance(12_000)
    const data = (
      await json({ path: '/queryPreModelInferenceJobInfo', query: { inferenceJobId: id } })
    ).body.data
    expect(data.jobStatus).toBe(word)
    expect(data.resultImageUrl).toEqual(word === 'FINISHED' ? [`${id}_0000.png`] : [''])
  })

  it.each([
    ['B_PERMISSION_DENIED_EXCEPTION', 403],
    ['B_DATA_NOT_FOUND_EXCEPTION', 404],
    ['UNKNOWN_ERROR', 500],
    ['B_PARAMETER_NOT_FOUND_EXCEPTION', 400],
  ])(
    '[[fail:%s]] makes the status call answer that code once the job ends',
    async (code, status) => {
      const { json, clock } = aicontentClient()
      const id = (await json(inference(`x [[fail:${code}]]`))).body.data.id
      const ask = () => json({ path: '/queryInferenceJobInfo', query: { inferenceJobId: id } })
      expect((await ask()).body.success).toBe(true)
      await clock.advance(12_000)
      expectRefusal(await ask(), status, code)
    },
  )

  it('reads training markers from name or objectType, and fails unfetchable URLs', async () => {
    const { json, clock } = aicontentClient()
    const a = (await json(train('n', { objectType: 'dog [[fail:OOM]]' }))).body.data.modelId
    const b = (await json(train('n [[fail:B_MODEL_TRAIN_JOB_NOT_EXIST]]'))).body.data.modelId
    const c = (await json(train('n', { imageUrl: ['ftp://x/y.png'] }))).body.data.modelId
    const d = (await json(train('n [[duration:5]]'))).body.data.modelId
    await clock.advance(7000)
    const ask = (modelId: string) => json({ path: '/queryModelTrainStatus', query: { modelId } })
    expect((await ask(d)).body.data.modelTrainStatus).toBe('FINISHED')
    await clock.advance(60_000)
    expect((await ask(a)).body.data.modelTrainStatus).toBe('OOM')
    expectRefusal(await ask(b), 404, 'B_MODEL_TRAIN_JOB_NOT_EXIST')
    expect((await ask(c)).body.data.modelTrainStatus).toBe('WRONG_IMAGE_URL')
  })
})

describe('aicontent emulator: image assets', () => {
  async function finishedCustom() {
    const ctx = aicontentClient()
    const data = (await ctx.json(inference('x', { imageNumber: 2 }))).body.data
    await ctx.clock.advance(12_000)
    return { ...ctx, data }
  }

  it('serves custom-model images as a JSON base64 string: real 512×512 PNGs', async () => {
    const { send, data } = await finishedCustom()
    const res = await send({
      path: '/queryImageAsset',
      query: {
        modelId: data.modelId,
        promptId: data.promptId,
        imageId: '0001.png',
        encodeFormat: 'base64',
      },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('application/json')
    const bytes = base64ToBytes((await res.json()) as string)
    expectPng(bytes, 512, 512)
  })

  it('serves raw PNG bytes without encodeFormat, and refuses other formats', async () => {
    const { send, json, data } = await finishedCustom()
    const query = { modelId: data.modelId, promptId: data.promptId, imageId: '0000.png' }
    const res = await send({ path: '/queryImageAsset', query })
    expect(res.headers.get('content-type')).toBe('image/png')
    expect([...new Uint8Array(await res.arrayBuffer()).subarray(0, 8)]).toEqual(PNG_SIGNATURE)
    expectRefusal(
      await json({ path: '/queryImageAsset', query: { ...query, encodeFormat: 'hex' } }),
      400,
      'B_PARAMETER_NOT_FOUND_EXCEPTION',
    )
  })

  it('refuses unknown images, wrong prompt ids and unfinished jobs', async () => {
    const { json, data } = await finishedCustom()
    const query = { modelId: data.modelId, promptId: data.promptId, imageId: '0002.png' }
    expectRefusal(
      await json({ path: '/queryImageAsset', query }),
      404,
      'B_DATA_NOT_FOUND_EXCEPTION',
    )
    const wrong = { ...query, imageId: '0000.png', promptId: 'promptId-x' }
    expectRefusal(
      await json({ path: '/queryImageAsset', query: wrong }),
      404,
      'B_DATA_NOT_FOUND_EXCEPTION',
    )
    const fresh = (await json(inference('y'))).body.data
    const early = { modelId: 'demo-model', promptId: fresh.promptId, imageId: '0000.png' }
    expectRefusal(
      await json({ path: '/queryImageAsset', query: early }),
      404,
      'B_DATA_NOT_FOUND_EXCEPTION',
    )
    expectRefusal(
      await json({ path: '/queryImageAsset', query: { imageId: '0000.png' } }),
      400,
      'B_PARAMETER_NOT_FOUND_EXCEPTION',
    )
  })

  it('serves pre-model images by image id alone; the same seed gives the same image', async () => {
    const { json, clock } = aicontentClient()
    const a = (await json(premodel('x', { seed: 7 }))).body.data.id
    const b = (await json(premodel('y', { seed: 7 }))).body.data.id
    await clock.advance(12_000)
    const image = async (id: string) => {
      const info = await json({
        path: '/queryPreModelInferenceJobInfo',
        query: { inferenceJobId: id },
      })
      const imageId = info.body.data.resultImageUrl[0] as string
      expect(imageId).toBe(`${id}_0000.png`)
      return (
        await json({
          path: '/queryImageAssetFromImageId',
          query: { imageId, encodeFormat: 'base64' },
        })
      ).body as unknown as string
    }
    expect(await image(a)).toBe(await image(b))
    const unknown = await json({
      path: '/queryImageAssetFromImageId',
      query: { imageId: '0000.png' },
    })
    expectRefusal(unknown, 404, 'B_DATA_NOT_FOUND_EXCEPTION')
  })

  it('renders the configured image size and refuses impossible ones', async () => {
    const { json, send, clock } = aicontentClient({ imageSize: { width: 256, height: 384 } })
    const data = (await json(inference('x'))).body.data
    await clock.advance(12_000)
    const query = { modelId: data.modelId, promptId: data.promptId, imageId: '0000.png' }
    const res = await send({ path: '/queryImageAsset', query })
    expect(decode(new Uint8Array(await res.arrayBuffer()))).toMatchObject({
      width: 256,
      height: 384,
    })
    expect(() => aicontentClient({ imageSize: { width: 4096, height: 512 } })).toThrow(RangeError)
  })

  it('keeps serving images long after (image ids do not expire)', async () => {
    const { send, clock, data } = await finishedCustom()
    await clock.advance(48 * 3_600_000)
    const query = { modelId: data.modelId, promptId: data.promptId, imageId: '0000.png' }
    expect((await send({ path: '/queryImageAsset', query })).status).toBe(200)
  })
})

describe('aicontent emulator: injected faults', () => {
  const list = { path: '/queryModelTrainJobList' }

  it('answers UNKNOWN_ERROR 500 at serverErrorRate 1', async () => {
    const { json } = aicontentClient({ faults: { serverErrorRate: 1 } })
    expectRefusal(await json(list), 500, 'UNKNOWN_ERROR')
  })

  it('answers the gateway throttling error 429 at rateLimitRate 1', async () => {
    const { json } = aicontentClient({ faults: { rateLimitRate: 1 } })
    const res = await json(list)
    expect(res).toMatchObject({ status: 429, body: { Code: 'Throttling.User' } })
  })

  it('truncates JSON at malformedRate 1 and drops connections at dropRate 1', async () => {
    const malformed = aicontentClient({ faults: { malformedRate: 1 } })
    const text = await (await malformed.send(list)).text()
    expect(() => JSON.parse(text)).toThrow(SyntaxError)
    const dropped = aicontentClient({ faults: { dropRate: 1 } })
    const error = await dropped.send(list).catch((e: unknown) => e)
    expect(isDroppedConnection(error)).toBe(true)
  })

  it('adds latency in virtual time', async () => {
    const { send, clock } = aicontentClient({ faults: { latencyMs: 1500 } })
    const start = clock.now()
    expect((await clock.run(send(list))).status).toBe(200)
    expect(clock.now() - start).toBe(1500)
  })

  it('replays the same ids for the same seed', async () => {
    const ids = async (seed: number) => {
      const { json } = aicontentClient({ seed })
      return [(await json(inference('a'))).body.data.id, (await json(premodel('b'))).body.data.id]
    }
    expect(await ids(3)).toEqual(await ids(3))
    expect(await ids(3)).not.toEqual(await ids(4))
  })
})
