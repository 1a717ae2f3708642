import { describe, expect, it } from 'vitest'
import { InvalidInputError } from '../../errors/index.js'
import { decodeHandle } from '../../model/handle.js'
import { toBase64 } from '../../signing/crypto-utils.js'
import { pngBytes, speedpixOk, speedpixWith } from '../../testing/index.js'
import progressSuccessed from './__fixtures__/progress-successed.json' with { type: 'json' }
import submitWaiting from './__fixtures__/submit-waiting.json' with { type: 'json' }

const PNG_URI = `data:image/png;base64,${toBase64(pngBytes(8, 8))}`

async function sent(operation: string, input: unknown) {
  const path = operation === 'img2img' ? '/scc/sd_img2img' : '/scc/sd_txt2img'
  const { adapter, requests, clock } = speedpixWith({ [path]: { json: submitWaiting } })
  const job = await clock.run(() => adapter.submit(operation, input))
  return { body: JSON.parse(requests[0]?.body ?? '') as Record<string, unknown>, job }
}

async function refused(operation: string, input: unknown): Promise<Record<string, string>> {
  const { adapter } = speedpixWith({})
  const error = await adapter.submit(operation, input).catch((e: unknown) => e)
  expect(InvalidInputError.isInstance(error)).toBe(true)
  return Object.fromEntries((error as InvalidInputError).issues.map((i) => [i.path, i.message]))
}

describe('speedpix submit sends only what the caller set', () => {
  it('a bare prompt is a bare body: the pool and model defaults apply (SDXL sizes, say)', async () => {
    const { body, job } = await sent('txt2img', { prompt: 'a lighthouse' })
    expect(body).toEqual({ prompt: 'a lighthouse' })
    expect(decodeHandle(job.id).meta ?? {}).not.toHaveProperty('width')
  })

  it('img2img and ControlNet units without their optional fields', async () => {
    const { body } = await sent('img2img', {
      prompt: 'winter',
      imageUrls: ['https://x.test/a.png'],
      controlnetUnits: [
        { module: 'canny', model: 'control_canny', inputImage: 'https://x.test/c.png' },
      ],
    })
    expect(body).toEqual({
      prompt: 'winter',
      init_images: ['https://x.test/a.png'],
      alwayson_scripts: {
        controlnet: {
          units: [{ module: 'canny', model: 'control_canny', input_image: 'https://x.test/c.png' }],
        },
      },
    })
  })

  it('keeps the size the caller set in the handle, for images whose result does not echo it', async () => {
    const { job } = await sent('txt2img', { prompt: 'x', width: 1024, height: 768 })
    expect(decodeHandle(job.id).meta).toMatchObject({ width: '1024', height: '768' })
  })

  it('reports null sizes when neither the caller nor the result says', async () => {
    const { adapter, clock } = speedpixWith({
      '/scc/sd_get_progress': { json: progressSuccessed },
      '/scc/sd_get_result': speedpixOk({ images: ['https://o.test/0.png'], status: 'succeeded' }),
    })
    const handle = { provider: 'speedpix' as const, operation: 'txt2img', providerJobId: 't' }
    const job = await clock.run(() => adapter.status(handle))
    expect(job.images[0]).toMatchObject({ width: null, height: null })
  })

  it('checks a ControlNet guidance window against the defaults it leaves out', async () => {
    const unit = { module: 'canny', model: 'm', inputImage: 'https://x.test/c.png' }
    const late = await sent('txt2img', {
      prompt: 'x',
      controlnetUnits: [{ ...unit, guidanceStart: 0.8 }],
    })
    expect(late.body.alwayson_scripts).toEqual({
      controlnet: {
        units: [{ module: 'canny', model: 'm', input_image: unit.inputImage, guidance_start: 0.8 }],
      },
    })
    expect(
      await refused('txt2img', {
        prompt: 'x',
        controlnetUnits: [{ ...unit, guidanceStart: 0.5, guidanceEnd: 0.2 }],
      }),
    ).toEqual({ 'controlnetUnits.0': 'guidanceStart must not be greater than guidanceEnd' })
  })
})

describe('speedpix image inputs: a URL or a base64 data URI (as the documentation says)', () => {
  it('sends a data URI as given, in init_images and input_image', async () => {
    const { body } = await sent('img2img', {
      prompt: 'x',
      imageUrls: [PNG_URI, 'https://x.test/b.png'],
      controlnetUnits: [{ module: 'canny', model: 'm', inputImage: PNG_URI }],
    })
    expect(body.init_images).toEqual([PNG_URI, 'https://x.test/b.png'])
    expect(body.alwayson_scripts).toMatchObject({
      controlnet: { units: [{ input_image: PNG_URI }] },
    })
  })

  it.each([
    ['plain text', 'a picture', 'must be an http(s) URL or a base64 data URI'],
    ['another scheme', 'ftp://x.test/a.png', 'must be an http(s) URL or a base64 data URI'],
    [
      'a data URI of text',
      'data:text/plain;base64,aGk=',
      'must be an http(s) URL or a base64 data URI',
    ],
    ['a data URI that is not base64', 'data:image/png;base64,not*base64', 'base64'],
    ['a data URI of no image', `data:image/png;base64,${btoa('hello world!')}`, 'PNG, JPEG'],
  ])('refuses %s, saying what is accepted', async (_, image, message) => {
    const issues = await refused('img2img', { prompt: 'x', imageUrls: [image] })
    expect(issues['imageUrls.0']).toContain(message)
  })
})
