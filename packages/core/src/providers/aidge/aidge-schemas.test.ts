import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { InvalidInputError } from '../../errors/index.js'
import { operationInputJsonSchema, parseInput } from '../shared/index.js'
import { VIRTUAL_MODEL, virtualModelWireBody } from './aidge-operations.js'
import { VirtualModelInputSchema } from './aidge-schemas.js'

const PNG_HEAD = 'iVBORw0KGgoAAAANSUhEUgAA'
const JPEG_HEAD = '/9j/4AAQSkZJRgABAQAAAQABAAD'
const valid = { imageUrl: 'https://example.com/shirt.jpg', model: 'WHITE' }

function issues(input: unknown): Record<string, string> {
  try {
    parseInput('aidge', 'virtual-model', VirtualModelInputSchema, input)
  } catch (error) {
    if (!InvalidInputError.isInstance(error)) throw error
    return Object.fromEntries(error.issues.map((i) => [i.path, i.message]))
  }
  return {}
}

describe('virtual-model input', () => {
  it('accepts the documented sample and fills imageStyle', () => {
    const input = v.parse(VirtualModelInputSchema, {
      ...valid,
      gender: 'FEMALE',
      age: 'YOUTH',
      bgStyle: 'room',
      dimension: '768',
      count: 2,
      maskKeepBg: true,
    })
    expect(input).toMatchObject({ imageStyle: 'realPhoto', dimension: 768, count: 2 })
    expect(virtualModelWireBody(input)).toEqual({
      imageUrl: 'https://example.com/shirt.jpg',
      imageStyle: 'realPhoto',
      model: 'WHITE',
      gender: 'FEMALE',
      age: 'YOUTH',
      bgStyle: 'room',
      dimension: '768',
      count: '2',
      maskKeepBg: 'true',
    })
  })

  it('sends maskKeepBg false as the string "false" and omits what was not given', () => {
    const input = v.parse(VirtualModelInputSchema, { ...valid, maskKeepBg: false })
    expect(virtualModelWireBody(input)).toEqual({
      imageUrl: valid.imageUrl,
      imageStyle: 'realPhoto',
      model: 'WHITE',
      maskKeepBg: 'false',
    })
  })

  it.each(['universal_model_1', 'universal_model_4', 'BROWN'])('accepts model %s', (model) => {
    expect(issues({ ...valid, model })).toEqual({})
  })

  it('accepts base64 images (PNG, JPEG, with or without a data: prefix) and keeps both images', () => {
    const input = v.parse(VirtualModelInputSchema, {
      ...valid,
      imageBase64: `data:image/png;base64,${PNG_HEAD}`,
    })
    expect(input.imageBase64).toBe(PNG_HEAD)
    expect(virtualModelWireBody(input)).toMatchObject({
      imageUrl: valid.imageUrl,
      imageBase64: PNG_HEAD,
    })
    expect(issues({ model: 'WHITE', imageBase64: JPEG_HEAD })).toEqual({})
  })

  it('requires one of imageUrl and imageBase64, naming imageUrl', () => {
    expect(issues({ model: 'WHITE' })).toEqual({
      imageUrl: expect.stringContaining('imageUrl or imageBase64 is required'),
    })
    // Reported together with other problems, not hidden behind them.
    expect(Object.keys(issues({ model: 'PURPLE' })).sort()).toEqual(['imageUrl', 'model'])
  })

  it.each([
    ['missing model', { imageUrl: valid.imageUrl }, 'model', 'model is required: one of WHITE'],
    ['null model', { ...valid, model: null }, 'model', 'model must be one of'],
    ['unknown model', { ...valid, model: 'white' }, 'model', 'model must be one of'],
    ['relative URL', { ...valid, imageUrl: '/shirt.jpg' }, 'imageUrl', 'absolute http(s) URL'],
    ['ftp URL', { ...valid, imageUrl: 'ftp://x/y.jpg' }, 'imageUrl', 'http or https'],
    ['numeric URL', { ...valid, imageUrl: 42 }, 'imageUrl', 'imageUrl must be a string'],
    ['null URL', { ...valid, imageUrl: null }, 'imageUrl', 'imageUrl must be a string'],
    ['not base64', { ...valid, imageBase64: 'not base64!' }, 'imageBase64', 'standard base64'],
    [
      'a GIF',
      { ...valid, imageBase64: 'R0lGODlhAQABAAAAACw=' },
      'imageBase64',
      'JPEG, PNG, BMP or WEBP',
    ],
    ['imageStyle', { ...valid, imageStyle: 'cartoon' }, 'imageStyle', 'realPhoto'],
    ['gender', { ...valid, gender: 'female' }, 'gender', 'MALE or FEMALE'],
    ['age', { ...valid, age: 'young' }, 'age', 'upper-case age group'],
    ['empty bgStyle', { ...valid, bgStyle: '  ' }, 'bgStyle', 'must not be empty'],
    ['small dimension', { ...valid, dimension: 256 }, 'dimension', 'from 512 to 1536'],
    ['fractional dimension', { ...valid, dimension: 768.5 }, 'dimension', 'integer'],
    ['word dimension', { ...valid, dimension: 'big' }, 'dimension', 'from 512 to 1536'],
    ['zero count', { ...valid, count: 0 }, 'count', 'from 1 to 4'],
    ['large count', { ...valid, count: '5' }, 'count', 'from 1 to 4'],
    ['string maskKeepBg', { ...valid, maskKeepBg: 'true' }, 'maskKeepBg', 'true or false'],
    ['extra field', { ...valid, prompt: 'a model' }, 'prompt', 'unknown field'],
  ])('refuses %s, naming the field', (_, input, field, message) => {
    const found = issues(input)
    expect(found[field]).toContain(message)
  })

  it('refuses base64 larger than 4 MB', () => {
    const big = PNG_HEAD + 'A'.repeat(5_600_000)
    expect(issues({ ...valid, imageBase64: big }).imageBase64).toContain('at most 4 MB')
  })

  it.each([[null], [undefined], ['WHITE'], [7]])('refuses a non-object input %j', (input) => {
    expect(Object.keys(issues(input))).toEqual(['(input)'])
  })

  it('turns into a JSON Schema with the documented fields', () => {
    const schema = operationInputJsonSchema(VIRTUAL_MODEL)
    const properties = schema.properties as Record<string, { description?: string }>
    expect(Object.keys(properties)).toEqual([
      'imageUrl',
      'imageBase64',
      'imageStyle',
      'model',
      'gender',
      'age',
      'bgStyle',
      'dimension',
      'count',
      'maskKeepBg',
    ])
    expect(schema.required).toEqual(['model'])
    expect(schema.additionalProperties).toBe(false)
    expect(properties.model?.description).toContain('virtual model')
  })
})
