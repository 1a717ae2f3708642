import { decode } from 'fast-png'
import { describe, expect, it } from 'vitest'
import { createPngRenderer, renderPng } from './png.js'

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

describe('renderPng', () => {
  it.each([
    [1, 1],
    [512, 768],
    [1024, 300],
  ])('renders a valid %i×%i RGB PNG', (width, height) => {
    const png = renderPng({ width, height, seed: 7, index: 0 })
    expect([...png.subarray(0, 8)]).toEqual(SIGNATURE)
    const image = decode(png)
    expect(image).toMatchObject({ width, height, depth: 8, channels: 3 })
    expect(image.data.length).toBe(width * height * 3)
  })

  it('renders the largest size providers ask for', () => {
    const image = decode(renderPng({ width: 2048, height: 2048, seed: 1, index: 0 }))
    expect([image.width, image.height]).toEqual([2048, 2048])
  })

  it('is deterministic per seed and index, and varies with both', () => {
    const a = renderPng({ width: 64, height: 64, seed: 1, index: 0 })
    const render = createPngRenderer()
    expect(render({ width: 64, height: 64, seed: 1, index: 0 })).toEqual(a)
    expect(render({ width: 64, height: 64, seed: 1, index: 1 })).not.toEqual(a)
    expect(render({ width: 64, height: 64, seed: 2, index: 0 })).not.toEqual(a)
  })

  it('draws a picture rather than a flat fill', () => {
    const { data } = decode(renderPng({ width: 100, height: 100, seed: 3, index: 0 }))
    const pixel = (x: number, y: number) => [
      ...data.subarray((y * 100 + x) * 3, (y * 100 + x) * 3 + 3),
    ]
    expect(pixel(0, 0)).not.toEqual(pixel(99, 99))
  })

  it('hands out copies, so a caller mutating bytes cannot corrupt the cache', () => {
    const render = createPngRenderer({ maxEntries: 2 })
    const first = render({ width: 8, height: 8, seed: 1, index: 0 })
    first.fill(0)
    expect([...render({ width: 8, height: 8, seed: 1, index: 0 }).subarray(0, 8)]).toEqual(
      SIGNATURE,
    )
  })

  it('evicts beyond its limits and still renders the same bytes again', () => {
    const render = createPngRenderer({ maxEntries: 1, maxBytes: 10 })
    const a = render({ width: 16, height: 16, seed: 1, index: 0 })
    render({ width: 16, height: 16, seed: 2, index: 0 })
    expect(render({ width: 16, height: 16, seed: 1, index: 0 })).toEqual(a)
  })

  it('rejects sizes outside 1..2048', () => {
    expect(() => renderPng({ width: 0, height: 10, seed: 1, index: 0 })).toThrow(RangeError)
    expect(() => renderPng({ width: 10, height: 2049, seed: 1, index: 0 })).toThrow(RangeError)
    expect(() => renderPng({ width: 10.5, height: 10, seed: 1, index: 0 })).toThrow(RangeError)
  })
})
