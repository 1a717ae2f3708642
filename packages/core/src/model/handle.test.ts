import { describe, expect, it } from 'vitest'
import { InvalidHandleError } from '../errors/index.js'
import { decodeHandle, encodeHandle, type JobHandle } from './handle.js'

const handle: JobHandle = {
  provider: 'aicontent',
  operation: 'inference',
  providerJobId: 'job/+=?&#1',
  meta: { promptId: 'p-1', modelId: 'm 2 ü' },
}

describe('encodeHandle / decodeHandle', () => {
  it('round-trips, including meta and characters that are not URL-safe', () => {
    const id = encodeHandle(handle)
    expect(id).toMatch(/^drj1\.[A-Za-z0-9_-]+$/)
    expect(decodeHandle(id)).toEqual(handle)
    expect(encodeURIComponent(id)).toBe(id)
  })

  it('gives the same id for the same handle whatever the key order', () => {
    const reordered: JobHandle = {
      meta: { modelId: 'm 2 ü', promptId: 'p-1' },
      providerJobId: handle.providerJobId,
      operation: 'inference',
      provider: 'aicontent',
    }
    expect(encodeHandle(reordered)).toBe(encodeHandle(handle))
  })

  it.each([
    ['', /not a Darkroom job id/],
    ['job-123', /ids start with "drj1\."/],
    ['drj1.', /does not decode to JSON/],
    ['drj1.!!!', /not valid base64url/],
    ['drj1.a', /not valid base64url/],
    [
      `drj1.${btoa('{"provider":"No Such!","operation":"x","providerJobId":"1"}').replace(/=+$/, '')}`,
      /not hold a valid job handle/,
    ],
    [`drj1.${btoa('[1,2]').replace(/=+$/, '')}`, /not hold a valid job handle/],
    [`drj1.${btoa('\xff\xfe').replace(/=+$/, '').replaceAll('/', '_')}`, /does not decode to JSON/],
  ])('refuses %j with a clear InvalidHandleError', (garbage, message) => {
    let caught: unknown
    try {
      decodeHandle(garbage)
    } catch (error) {
      caught = error
    }
    expect(InvalidHandleError.isInstance(caught)).toBe(true)
    expect((caught as Error).message).toMatch(message)
    expect((caught as InvalidHandleError).code).toBe('invalid_input')
  })

  it('decodes a well-formed id of a provider this version does not know (the caller decides)', () => {
    const id = encodeHandle({ provider: 'acme' as never, operation: 'x', providerJobId: '1' })
    expect(decodeHandle(id).provider).toBe('acme')
  })

  it('refuses non-strings and truncated ids without crashing', () => {
    const id = encodeHandle(handle)
    for (let cut = 5; cut < id.length; cut += 7) {
      expect(() => decodeHandle(id.slice(0, cut))).toSatisfy(() => true)
      try {
        decodeHandle(id.slice(0, cut))
      } catch (error) {
        expect(InvalidHandleError.isInstance(error)).toBe(true)
      }
    }
    expect(() => decodeHandle(42 as unknown as string)).toThrow(InvalidHandleError)
  })

  it('refuses to encode an invalid handle', () => {
    expect(() => encodeHandle({ provider: 'aidge', operation: '', providerJobId: 'x' })).toThrow(
      /Cannot encode/,
    )
  })

  it('gives a handle changed in place the id of what it holds now, not the one cached', () => {
    const h: JobHandle = { provider: 'aidge', operation: 'generate', providerJobId: 't-1' }
    const first = encodeHandle(h)
    expect(encodeHandle(h)).toBe(first)
    h.providerJobId = 't-2'
    expect(encodeHandle(h)).toBe(encodeHandle({ ...h }))
    expect(decodeHandle(encodeHandle(h)).providerJobId).toBe('t-2')

    h.meta = { a: '1' }
    expect(decodeHandle(encodeHandle(h)).meta).toEqual({ a: '1' })
    h.meta.a = '2'
    expect(decodeHandle(encodeHandle(h)).meta).toEqual({ a: '2' })
    h.meta.b = '3'
    expect(decodeHandle(encodeHandle(h)).meta).toEqual({ a: '2', b: '3' })
    delete h.meta.a
    expect(decodeHandle(encodeHandle(h)).meta).toEqual({ b: '3' })

    // Invalid after the fact: refused as it would have been at first, not answered from the cache.
    ;(h as Record<string, unknown>).extra = 'x'
    expect(() => encodeHandle(h)).toThrow(/Cannot encode/)
    delete (h as Record<string, unknown>).extra
    h.operation = ''
    expect(() => encodeHandle(h)).toThrow(/Cannot encode/)
  })
})
