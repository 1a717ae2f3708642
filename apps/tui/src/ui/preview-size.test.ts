import { describe, expect, it } from 'vitest'
import { previewSizeFor } from './preview-size.js'

describe('previewSizeFor', () => {
  it('gives the full preview on a roomy terminal and shrinks it, down to none, on a small one', () => {
    expect(previewSizeFor(120, 40)).toEqual({ width: 40, height: 14 })
    expect(previewSizeFor(120, 35)).toEqual({ width: 40, height: 12 })
    expect(previewSizeFor(30, 28)).toEqual({ width: 28, height: 5 })
    expect(previewSizeFor(60, 15)).toEqual({ width: 40, height: 0 })
  })
})
