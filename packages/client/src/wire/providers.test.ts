import { createSpeedpix } from '@darkroom/core/providers/speedpix'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { describeProvider, ProvidersAnswerSchema } from './providers.js'

describe('describeProvider', () => {
  it('lists every operation with its label, capabilities and the given input schema', () => {
    const adapter = createSpeedpix({ appKey: 'k', appSecret: 's' })
    const listing = describeProvider(adapter, (spec) => ({ title: spec.name }))
    expect(listing.id).toBe('speedpix')
    expect(listing.operations.map((o) => [o.name, o.inputSchema])).toEqual([
      ['txt2img', { title: 'txt2img' }],
      ['img2img', { title: 'img2img' }],
    ])
    expect(listing.operations[0]?.label).toBe('Text to image')
    expect(listing.operations[0]?.capabilities.progress).toBe(true)
    expect(v.is(ProvidersAnswerSchema, { providers: [listing] })).toBe(true)
  })
})
