import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { InvalidInputError } from '../../errors/index.js'
import { operationInputJsonSchema, parseInput } from '../shared/index.js'
import { SPEEDPIX_OPERATIONS } from './speedpix-operations.js'
import { type Img2imgInput, Img2imgInputSchema, Txt2imgInputSchema } from './speedpix-schemas.js'
import { toWireBody } from './speedpix-wire-body.js'

function issuesOf(schema: v.GenericSchema, input: unknown): Record<string, string> {
  try {
    parseInput('speedpix', 'txt2img', schema, input)
  } catch (error) {
    expect(InvalidInputError.isInstance(error)).toBe(true)
    return Object.fromEntries((error as InvalidInputError).issues.map((i) => [i.path, i.message]))
  }
  throw new Error('expected the input to be refused')
}

describe('speedpix input schemas', () => {
  it('fills no defaults: what the caller leaves out stays out, for the pool to decide', () => {
    expect(v.parse(Txt2imgInputSchema, { prompt: 'a cat' })).toEqual({ prompt: 'a cat' })
    expect(
      v.parse(Img2imgInputSchema, { prompt: 'a cat', imageUrls: ['https://x.test/a.png'] }),
    ).toEqual({ prompt: 'a cat', imageUrls: ['https://x.test/a.png'] })
  })

  it('names each wrong field and what was expected', () => {
    expect(
      issuesOf(Txt2imgInputSchema, {
        prompt: '  ',
        width: 1000.5,
        height: 4096,
        count: 9,
        steps: '20',
        samplerName: 'Euler b',
        extra: true,
        seed: null,
      }),
    ).toEqual({
      prompt: 'must not be empty',
      width: 'must be a whole number from 64 to 2048',
      height: 'must be a whole number from 64 to 2048',
      count: 'must be a whole number from 1 to 8',
      steps: 'must be a number',
      samplerName: expect.stringContaining('must be one of: DPM++ 2M Karras'),
      extra: expect.stringContaining('is not a known field (known: prompt, negativePrompt'),
      seed: 'must be a number',
    })
    expect(issuesOf(Txt2imgInputSchema, { prompt: 'x', width: 500 })).toEqual({
      width: 'must be a multiple of 8 (Stable Diffusion works on 8-pixel latents)',
    })
    expect(issuesOf(Txt2imgInputSchema, {})).toEqual({ prompt: 'is required' })
    expect(issuesOf(Txt2imgInputSchema, null)).toEqual({
      '(input)': expect.stringContaining('must be an object with the fields prompt'),
    })
  })

  it('checks img2img images and ControlNet units', () => {
    expect(issuesOf(Img2imgInputSchema, { prompt: 'x' })).toMatchObject({
      imageUrls: 'is required',
    })
    expect(
      issuesOf(Img2imgInputSchema, {
        prompt: 'x',
        imageUrls: ['ftp://x.test/a.png'],
        denoisingStrength: 1.5,
      }),
    ).toEqual({
      'imageUrls.0': expect.stringContaining('must be an http(s) URL or a base64 data URI'),
      denoisingStrength: 'must be from 0 to 1',
    })
    expect(
      issuesOf(Txt2imgInputSchema, {
        prompt: 'x',
        controlnetUnits: [
          {
            module: 'canny',
            model: 'control_canny',
            inputImage: 'https://x.test/c.png',
            guidanceStart: 0.8,
            guidanceEnd: 0.2,
          },
        ],
      }),
    ).toEqual({ 'controlnetUnits.0': 'guidanceStart must not be greater than guidanceEnd' })
    expect(
      issuesOf(Txt2imgInputSchema, { prompt: 'x', controlnetUnits: [{ module: 'canny' }] }),
    ).toMatchObject({
      'controlnetUnits.0.model': 'is required',
      'controlnetUnits.0.inputImage': 'is required',
    })
  })

  it('maps camelCase to the wire names, negtive_prompt included', () => {
    const input = v.parse(Img2imgInputSchema, {
      prompt: 'a lighthouse',
      negativePrompt: 'blurry',
      seed: 42,
      count: 2,
      width: 768,
      height: 512,
      steps: 30,
      cfgScale: 6.5,
      samplerName: 'Euler a',
      model: 'v1-5-pruned-emaonly.safetensors',
      vae: 'Automatic',
      clipSkip: 2,
      controlnetUnits: [
        { module: 'canny', model: 'control_v11p_sd15_canny', inputImage: 'https://x.test/c.png' },
      ],
      imageUrls: ['https://x.test/a.png'],
      denoisingStrength: 0.5,
    }) as Img2imgInput
    expect(toWireBody('img2img', input)).toEqual({
      prompt: 'a lighthouse',
      negtive_prompt: 'blurry',
      seed: 42,
      batch_size: 2,
      width: 768,
      height: 512,
      steps: 30,
      cfg_scale: 6.5,
      sampler_name: 'Euler a',
      stable_diffusion_model: 'v1-5-pruned-emaonly.safetensors',
      sd_vae: 'Automatic',
      clip_skip: 2,
      alwayson_scripts: {
        controlnet: {
          units: [
            {
              module: 'canny',
              model: 'control_v11p_sd15_canny',
              input_image: 'https://x.test/c.png',
            },
          ],
        },
      },
      init_images: ['https://x.test/a.png'],
      denoising_strength: 0.5,
    })
    expect(toWireBody('txt2img', input)).not.toHaveProperty('init_images')
  })

  it('gives each operation a JSON Schema with ranges, and no defaults (the pool has its own)', () => {
    const txt = operationInputJsonSchema(SPEEDPIX_OPERATIONS.txt2img) as {
      properties: Record<string, Record<string, unknown>>
      required: string[]
      additionalProperties: boolean
    }
    expect(txt.required).toEqual(['prompt'])
    expect(txt.additionalProperties).toBe(false)
    expect(txt.properties.width).toMatchObject({
      minimum: 64,
      maximum: 2048,
      multipleOf: 8,
    })
    expect(txt.properties.width).not.toHaveProperty('default')
    expect(txt.properties.width?.description).toContain('default when absent')
    expect(txt.properties.samplerName?.enum).toContain('Euler a')
    const img = operationInputJsonSchema(SPEEDPIX_OPERATIONS.img2img) as { required: string[] }
    expect(img.required).toEqual(['prompt', 'imageUrls'])
  })
})
