import { describe, expect, it } from 'vitest'
import { bytesToBase64 } from '../shared/base64.js'
import { renderPng } from '../shared/png.js'
import { speedpixClient } from '../testing/index.js'

const PNG_URI = `data:image/png;base64,${bytesToBase64(renderPng({ width: 8, height: 8, seed: 1, index: 0 }))}`
const poolOf = (env: { emulator: { simulator: { get(id: string): unknown } } }, id: string) =>
  (env.emulator.simulator.get(id) as { meta: { pool: string } }).meta.pool

describe('speedpix emulator: X-SP-RESOURCE-CONFIG-ID takes a comma list with fallback', () => {
  const submitOn = (env: ReturnType<typeof speedpixClient>, pool: string) =>
    env.submit({ prompt: 'x' }, 'txt2img', { extra: { 'x-sp-resource-config-id': pool } })

  it('runs on the first pool of the list that exists (any well-formed id, by default)', async () => {
    const env = speedpixClient()
    const { body } = await submitOn(env, 'a100-pool, v100-pool ,default')
    expect(body.status).toBe(10)
    expect(poolOf(env, body.data.taskId)).toBe('a100-pool')
    const skipped = await submitOn(env, 'no pool!,v100-pool')
    expect(poolOf(env, skipped.body.data.taskId)).toBe('v100-pool')
    const none = await env.submit({ prompt: 'x' })
    expect(poolOf(env, none.body.data.taskId)).toBe('default')
  })

  it('falls back along the account pools, and refuses a list naming none of them', async () => {
    const env = speedpixClient({ resourcePools: ['gpu-b'] })
    const taskOn = async (pool: string) => (await submitOn(env, pool)).body.data.taskId
    expect(poolOf(env, await taskOn('gpu-a,gpu-b,default'))).toBe('gpu-b')
    expect(poolOf(env, await taskOn('gpu-a,default'))).toBe('default')
    expect((await submitOn(env, 'gpu-a,gpu-c')).body).toMatchObject({
      status: 20,
      errCode: 'RESOURCE_CONFIG_NOT_FOUND',
      subErrMessage: 'no resource pool among "gpu-a,gpu-c" in this account',
    })
  })
})

describe('speedpix emulator: image inputs are URLs or base64 data URIs', () => {
  const unit = (image: string) => ({
    alwayson_scripts: {
      controlnet: { units: [{ module: 'canny', model: 'm', input_image: image }] },
    },
  })

  it('accepts both, in init_images and ControlNet input_image, and fills its own defaults', async () => {
    const env = speedpixClient()
    const { body } = await env.submit(
      { prompt: 'x', init_images: [PNG_URI, 'https://x.test/a.png'], ...unit(PNG_URI) },
      'img2img',
    )
    expect(body.status).toBe(10)
    await env.clock.advance(12_000)
    const result = await env.result(body.data.taskId)
    expect(result.body.data.parameters).toMatchObject({
      width: 512,
      height: 512,
      steps: 20,
      cfg_scale: 7,
      batch_size: 1,
      denoising_strength: 0.75,
      sampler_name: 'DPM++ 2M Karras',
    })
  })

  it.each([
    ['init_images', { init_images: ['u'] }, 'init_images.0'],
    ['init_images', { init_images: ['data:image/png;base64,$$$'] }, 'init_images.0'],
    [
      'init_images',
      { init_images: [`data:image/png;base64,${btoa('plain text')}`] },
      'init_images.0',
    ],
    [
      'input_image',
      { init_images: ['https://x.test/a.png'], ...unit('ftp://x/c.png') },
      'controlnet unit 0 input_image',
    ],
  ])('refuses anything else in %s', async (_, fields, name) => {
    const { body } = await speedpixClient().submit({ prompt: 'x', ...fields }, 'img2img')
    expect(body).toMatchObject({
      status: 20,
      errCode: 'INVALID_PARAMETER',
      subErrCode: 'PARAMETER_TYPE_MISMATCH',
    })
    expect(body.subErrMessage).toContain(
      `${name} must be an http(s) URL or a data:image/...;base64, URI`,
    )
  })
})
