import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { InvalidInputError } from '../../errors/index.js'
import { aicontentOk, aicontentWith } from '../../testing/index.js'
import { operationInputJsonSchema } from '../shared/index.js'

const urls = ['https://img.example.com/a.jpg']

async function refusal(operation: string, input: unknown) {
  const { adapter, requests } = aicontentWith(aicontentOk({ id: 'x' }))
  const error = await adapter.submit(operation, input).then(
    () => null,
    (e: unknown) => e,
  )
  expect(requests).toHaveLength(0)
  expect(InvalidInputError.isInstance(error)).toBe(true)
  return error as InvalidInputError
}

describe('aicontent input schemas', () => {
  it.each([
    ['inference', {}, ['modelId', 'prompt']],
    ['inference', { modelId: 'm', prompt: 'p', extra: 1 }, ['extra']],
    ['inference', { modelId: null, prompt: 'p' }, ['modelId']],
    ['inference', { modelId: 'm', prompt: '   ' }, ['prompt']],
    ['inference', { modelId: 'm', prompt: 'p', count: 11 }, ['count']],
    ['inference', { modelId: 'm', prompt: 'p', count: 0 }, ['count']],
    ['inference', { modelId: 'm', prompt: 'p', count: '2' }, ['count']],
    ['inference', { modelId: 'm', prompt: 'p', seed: 2_147_483_648 }, ['seed']],
    ['inference', { modelId: 'm', prompt: 'p', seed: -2 }, ['seed']],
    ['inference', { modelId: 'm', prompt: 'p', seed: 1.5 }, ['seed']],
    ['premodel-inference', { prompt: 'p' }, ['imageUrls']],
    ['premodel-inference', { imageUrls: [], prompt: 'p' }, ['imageUrls']],
    ['premodel-inference', { imageUrls: ['ftp://x/y.png'], prompt: 'p' }, ['imageUrls.0']],
    ['premodel-inference', { imageUrls: 'https://x/y.png', prompt: 'p' }, ['imageUrls']],
    ['premodel-inference', { imageUrls: urls, prompt: 'p', strength: 0.35 }, ['strength']],
    ['premodel-inference', { imageUrls: urls, prompt: 'p', trainSteps: 0 }, ['trainSteps']],
    ['train', { name: 'n', objectType: 'big dog', imageUrls: urls }, ['objectType']],
    ['train', { name: '', objectType: 'dog', imageUrls: urls }, ['name']],
    ['train', { objectType: 'dog', imageUrls: urls, prompt: 'p' }, ['name', 'prompt']],
    ['train', null, ['(input)']],
  ])('%s refuses %j naming %j', async (operation, input, fields) => {
    const error = await refusal(operation, input)
    expect(error.issues.map((i) => i.path).sort()).toEqual([...fields].sort())
    expect(error.message).toContain(`aicontent ${operation}`)
    for (const field of fields) expect(error.message).toContain(field)
  })

  it('refuses an unknown operation', async () => {
    const error = await refusal('txt2img', { prompt: 'p' })
    expect(error.issues).toEqual([
      {
        path: '(operation)',
        message:
          'aicontent has no operation "txt2img" (operations: inference, premodel-inference, train)',
      },
    ])
  })

  it('accepts the documented ranges and every strength', async () => {
    const { adapter } = aicontentWith(aicontentOk({ id: '1', jobStatus: 'SUBMITTED' }))
    for (const strength of [0.3, 0.4, 0.5, 0.6, 0.7, 0.8]) {
      const job = await adapter.submit('premodel-inference', {
        imageUrls: urls,
        prompt: 'a <special-token> on a beach',
        strength,
        count: 10,
        seed: -1,
        trainSteps: 800,
      })
      expect(job.state).toBe('queued')
    }
  })

  it('gives each operation a JSON Schema with its fields, ranges and enums', () => {
    const { adapter } = aicontentWith(aicontentOk({}))
    const premodel = adapter.operations['premodel-inference']
    if (!premodel) throw new Error('missing')
    const schema = operationInputJsonSchema(premodel) as {
      properties: Record<string, Record<string, unknown>>
      required: string[]
      additionalProperties: unknown
    }
    expect(schema.required.sort()).toEqual(['imageUrls', 'prompt'])
    expect(schema.additionalProperties).toBe(false)
    expect(schema.properties.strength?.enum).toEqual([0.3, 0.4, 0.5, 0.6, 0.7, 0.8])
    expect(schema.properties.count).toMatchObject({ minimum: 1, maximum: 10 })
    expect(schema.properties.seed).toMatchObject({ minimum: -1, maximum: 2147483647 })
    expect(Object.keys(adapter.operations).sort()).toEqual([
      'inference',
      'premodel-inference',
      'train',
    ])
    for (const spec of Object.values(adapter.operations)) {
      expect(v.safeParse(spec.input, undefined).success).toBe(false)
      expect(spec.timing.minMs).toBeLessThanOrEqual(spec.timing.typicalMs)
    }
  })
})
