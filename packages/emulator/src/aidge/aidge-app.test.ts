import { signAidge } from '@darkroom/core/signing'
import { describe, expect, it } from 'vitest'
import { bytesToBase64 } from '../shared/base64.js'
import { imageFormat } from '../shared/image-format.js'
import { renderPng } from '../shared/png.js'
import { AIDGE_QUERY, AIDGE_SAMPLE, AIDGE_SUBMIT, aidgeClient } from '../testing/index.js'
import { checkBase64Image, imageSize } from './aidge-image-check.js'
import { AIDGE_DEFAULT_CREDENTIALS } from './index.js'

const MINUTE = 60_000
const png = (w: number, h: number) =>
  bytesToBase64(renderPng({ width: w, height: h, seed: 1, index: 0 }))

/** A JPEG header with a baseline frame of the given size (enough for the header reader). */
function jpeg(width: number, height: number): string {
  const bytes = [0xff, 0xd8, 0xff, 0xe0, 0, 16, ...'JFIF'.split('').map((c) => c.charCodeAt(0))]
  bytes.push(0, 1, 1, 0, 0, 1, 0, 1, 0, 0)
  bytes.push(0xff, 0xc0, 0, 17, 8, height >> 8, height & 255, width >> 8, width & 255, 3)
  bytes.push(...new Array(12).fill(0))
  return bytesToBase64(new Uint8Array(bytes))
}

describe('aidge emulator: gateway checks', () => {
  it('accepts a correctly signed call and answers the business envelope', async () => {
    const { json } = aidgeClient()
    const answer = await json(AIDGE_SUBMIT, AIDGE_SAMPLE)
    expect(answer).toMatchObject({ success: true, resCode: 200, resMessage: 'success' })
    expect(answer.requestId).toMatch(/^[0-9a-f]{30}$/)
    expect(answer.data.taskId).toMatch(/^[0-9a-z]{32}$/)
    expect(answer.data.result.taskId).toBe(answer.data.taskId)
  })

  it.each(['app_key', 'timestamp', 'sign', 'sign_method'])(
    'refuses a call without %s (MissingParameter, HTTP 200)',
    async (param) => {
      const { call } = aidgeClient()
      const res = await call(AIDGE_SUBMIT, AIDGE_SAMPLE, { params: { [param]: null } })
      expect(res.status).toBe(200)
      expect(await res.json()).toEqual({
        type: 'ISV',
        code: 'MissingParameter',
        message: `Missing required parameter: ${param}`,
        request_id: expect.stringMatching(/^[0-9a-f]{30}$/),
      })
    },
  )

  it.each([
    ['an unsupported sign_method', { params: { sign_method: 'md5' } }, 'IncompleteSignature'],
    ['no sign_ver (v1 signing)', { params: { sign_ver: null } }, 'IncompleteSignature'],
    ['a wrong secret', { accessKeySecret: 'not-the-secret' }, 'IncompleteSignature'],
    ['a tampered sign', { params: { sign: 'A'.repeat(64) } }, 'IncompleteSignature'],
    ['an unknown key', { accessKeyName: 'someone-else' }, 'InvalidAppKey'],
    ['a stale timestamp', { timestamp: Date.UTC(2024, 5, 11, 7, 44) }, 'InvalidTimestamp'],
    [
      'a timestamp from the future',
      { timestamp: Date.UTC(2024, 5, 11, 8, 16) },
      'InvalidTimestamp',
    ],
    ['a timestamp in seconds', { timestamp: 'abc' }, 'InvalidTimestamp'],
  ])('refuses %s', async (_, overrides, code) => {
    const { json, emulator } = aidgeClient()
    const answer = await json(AIDGE_SUBMIT, AIDGE_SAMPLE, overrides)
    expect(answer).toMatchObject({ type: 'ISV', code })
    expect(emulator.simulator.size).toBe(0)
  })

  it('accepts timestamps up to 15 minutes off and a lower-case sign', async () => {
    const { json, clock } = aidgeClient()
    expect(
      (await json(AIDGE_SUBMIT, AIDGE_SAMPLE, { timestamp: clock.now() - 15 * MINUTE })).resCode,
    ).toBe(200)
    expect(
      (await json(AIDGE_SUBMIT, AIDGE_SAMPLE, { timestamp: clock.now() + 15 * MINUTE })).resCode,
    ).toBe(200)
    const timestamp = String(clock.now())
    const secret = AIDGE_DEFAULT_CREDENTIALS.accessKeySecret
    const sign = (await signAidge({ accessKeySecret: secret, timestamp })).toLowerCase()
    expect((await json(AIDGE_SUBMIT, AIDGE_SAMPLE, { timestamp, params: { sign } })).resCode).toBe(
      200,
    )
  })

  it('has no nonce: the same signed URL works again inside the window, not after it', async () => {
    const { json, clock } = aidgeClient()
    const timestamp = clock.now()
    expect((await json(AIDGE_SUBMIT, AIDGE_SAMPLE, { timestamp })).resCode).toBe(200)
    expect((await json(AIDGE_SUBMIT, AIDGE_SAMPLE, { timestamp })).resCode).toBe(200)
    await clock.advance(15 * MINUTE + 1)
    expect((await json(AIDGE_SUBMIT, AIDGE_SAMPLE, { timestamp })).code).toBe('InvalidTimestamp')
  })

  it('refuses unknown APIs and other methods with InvalidApi', async () => {
    const { json } = aidgeClient()
    expect(await json('/ai/virtual/model/nope', {})).toMatchObject({ code: 'InvalidApi' })
    expect(await json(AIDGE_SUBMIT, null, { method: 'GET' })).toMatchObject({ code: 'InvalidApi' })
    expect(await json(AIDGE_QUERY, null, { method: 'PUT' })).toMatchObject({ code: 'InvalidApi' })
  })

  it('answers the query by GET too, the task id in the query string (the doc says GET/POST)', async () => {
    const { json, submit } = aidgeClient()
    const taskId = await submit(AIDGE_SAMPLE)
    const byGet = await json(AIDGE_QUERY, null, { method: 'GET', params: { taskId } })
    expect(byGet).toMatchObject({ resCode: 200, data: { taskId, taskStatus: 'submitted' } })
    expect(await json(AIDGE_QUERY, null, { method: 'GET' })).toMatchObject({
      resCode: 700,
      resMessage: 'invalid input: taskId is required',
    })
  })
})

describe('aidge emulator: input validation (resCode 700)', () => {
  it('accepts the three body forms and JSON numbers and booleans', async () => {
    const { json } = aidgeClient()
    const typed = { ...AIDGE_SAMPLE, dimension: 768, count: 2, maskKeepBg: true }
    for (const body of [
      AIDGE_SAMPLE,
      typed,
      { requestParams: [AIDGE_SAMPLE] },
      { requestParams: JSON.stringify([AIDGE_SAMPLE]) },
      { requestParams: JSON.stringify(AIDGE_SAMPLE) },
    ]) {
      expect((await json(AIDGE_SUBMIT, body)).resCode).toBe(200)
    }
  })

  it.each([
    ['no image', { ...AIDGE_SAMPLE, imageUrl: '' }, 'imageUrl or imageBase64 is required'],
    ['no model', { ...AIDGE_SAMPLE, model: undefined }, 'model is required'],
    ['a bad model', { ...AIDGE_SAMPLE, model: 'GREEN' }, 'model must be one of WHITE, BLACK'],
    ['a bad gender', { ...AIDGE_SAMPLE, gender: 'female' }, 'gender must be one of MALE, FEMALE'],
    ['a bad age', { ...AIDGE_SAMPLE, age: 'young' }, 'age must be an upper-case'],
    ['a bad style', { ...AIDGE_SAMPLE, imageStyle: 'anime' }, 'imageStyle must be realPhoto'],
    ['too many images', { ...AIDGE_SAMPLE, count: '5' }, 'count must be an integer from 1 to 4'],
    [
      'a tiny dimension',
      { ...AIDGE_SAMPLE, dimension: 100 },
      'dimension must be an integer from 512',
    ],
    [
      'a fractional dimension',
      { ...AIDGE_SAMPLE, dimension: '768.5' },
      'dimension must be an integer',
    ],
    [
      'a word for maskKeepBg',
      { ...AIDGE_SAMPLE, maskKeepBg: 'yes' },
      'maskKeepBg must be true or false',
    ],
    [
      'an object for imageUrl',
      { ...AIDGE_SAMPLE, imageUrl: { href: 'x' } },
      'imageUrl must be a string',
    ],
    [
      'an ftp URL',
      { ...AIDGE_SAMPLE, imageUrl: 'ftp://x/y.jpg' },
      'imageUrl must use http or https',
    ],
    ['a GIF URL', { ...AIDGE_SAMPLE, imageUrl: 'https://x/y.gif' }, 'JPEG, PNG, BMP or WEBP'],
    ['a relative URL', { ...AIDGE_SAMPLE, imageUrl: '/y.jpg' }, 'absolute http(s) URL'],
    ['base64 garbage', { ...AIDGE_SAMPLE, imageBase64: '@@@' }, 'imageBase64 is not valid base64'],
    [
      'a base64 GIF',
      { ...AIDGE_SAMPLE, imageBase64: 'R0lGODlhAQABAAAAACw=' },
      'JPEG, PNG, BMP or WEBP',
    ],
    ['a small PNG', { ...AIDGE_SAMPLE, imageBase64: png(100, 600) }, 'got 100x600'],
    ['a huge JPEG', { ...AIDGE_SAMPLE, imageBase64: jpeg(4000, 3000) }, 'got 4000x3000'],
    ['two items', { requestParams: [AIDGE_SAMPLE, AIDGE_SAMPLE] }, 'exactly one item'],
    ['bad JSON in requestParams', { requestParams: '[{' }, 'requestParams is not valid JSON'],
    ['a list body', [AIDGE_SAMPLE], 'request body must be a JSON object'],
  ])('refuses %s, naming the field', async (_, body, message) => {
    const { json, emulator } = aidgeClient()
    const answer = await json(AIDGE_SUBMIT, body)
    expect(answer).toMatchObject({ success: false, resCode: 700, data: null })
    expect(answer.resMessage).toContain(message)
    expect(emulator.simulator.size).toBe(0)
  })

  it('names every bad field at once', async () => {
    const { json } = aidgeClient()
    const answer = await json(AIDGE_SUBMIT, { ...AIDGE_SAMPLE, model: 'X', count: 9, gender: 'x' })
    expect(answer.resMessage).toMatch(/model.*gender.*count/)
  })

  it('refuses a body that is not JSON', async () => {
    const { json } = aidgeClient()
    expect(await json(AIDGE_SUBMIT, null, { rawBody: '{"model":' })).toMatchObject({
      resCode: 700,
      resMessage: 'invalid input: request body is not valid JSON',
    })
  })

  it('lets base64 win over a bad URL, and reads PNG, JPEG sizes cheaply', async () => {
    const { json } = aidgeClient()
    const body = {
      ...AIDGE_SAMPLE,
      imageUrl: 'ftp://ignored',
      imageBase64: `data:image/png;base64,${png(600, 800)}`,
    }
    expect((await json(AIDGE_SUBMIT, body)).resCode).toBe(200)
    expect(
      (await json(AIDGE_SUBMIT, { ...AIDGE_SAMPLE, imageBase64: jpeg(1024, 768) })).resCode,
    ).toBe(200)
  })

  it('refuses an image over 4 MB', () => {
    expect(checkBase64Image(`iVBORw0KGgo${'A'.repeat(5_700_000)}`)).toBe(
      'imageBase64 is larger than 4 MB',
    )
  })

  it('reads BMP and WEBP headers', () => {
    const bmp = new Uint8Array(26)
    bmp.set([0x42, 0x4d])
    new DataView(bmp.buffer).setInt32(18, 640, true)
    new DataView(bmp.buffer).setInt32(22, -480, true)
    expect(imageSize(bmp, 'bmp')).toEqual([640, 480])
    const webp = new Uint8Array(30)
    webp.set(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8X'))
    webp.set([0x7f, 0x02, 0, 0xdf, 0x01, 0], 24)
    expect(imageFormat(webp)).toBe('webp')
    expect(imageSize(webp, 'webp')).toEqual([640, 480])
  })

  it('queries need a task id of this key', async () => {
    const { json } = aidgeClient()
    expect(await json(AIDGE_QUERY, {})).toMatchObject({
      resCode: 700,
      resMessage: 'invalid input: taskId is required',
    })
    expect(await json(AIDGE_QUERY, { taskId: 'nope' })).toMatchObject({
      resCode: 700,
      success: false,
    })
  })
})
