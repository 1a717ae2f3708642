import { describe, expect, it } from 'vitest'
import { parseMarkers, stripMarkers } from './markers.js'

describe('parseMarkers', () => {
  it('finds nothing in ordinary text', () => {
    expect(parseMarkers('a cat in the snow', 42, null, undefined)).toEqual({
      fail: null,
      durationMs: null,
      statusError: null,
    })
  })

  it('reads fail values as words or codes, keeping their case', () => {
    expect(parseMarkers('a dog [[fail:OOM]]').fail).toBe('OOM')
    expect(parseMarkers('[[fail:failed]]').fail).toBe('failed')
    expect(parseMarkers('x [[ FAIL : 1000 ]] y').fail).toBe('1000')
    expect(parseMarkers('[[fail:INFERRING_TERMINATED]]').fail).toBe('INFERRING_TERMINATED')
  })

  it('reads durations in seconds, decimals allowed', () => {
    expect(parseMarkers('[[duration:30]]').durationMs).toBe(30_000)
    expect(parseMarkers('[[duration:1.25]]').durationMs).toBe(1250)
    expect(parseMarkers('[[duration:0]]').durationMs).toBe(0)
  })

  it('ignores invalid markers', () => {
    expect(
      parseMarkers(
        '[[duration:abc]] [[duration:-1]] [[duration:1e3]] [[fail:]] [[fail:a b]] [fail:x]',
      ),
    ).toEqual({ fail: null, durationMs: null, statusError: null })
  })

  it('reads a status error code, and strips every marker from a text', () => {
    expect(parseMarkers('x [[status-error:ENGINE_BUSY]]').statusError).toBe('ENGINE_BUSY')
    expect(parseMarkers('[[ Status-Error : 503 ]]').statusError).toBe('503')
    expect(parseMarkers('[[status-error:]] [[status-error:a b]]').statusError).toBeNull()
    expect(stripMarkers('WHITE[[fail:1000]] [[status-error:9]][[duration:x]]')).toBe('WHITE')
  })

  it('takes the first valid marker of each kind, skipping invalid ones', () => {
    expect(
      parseMarkers('[[duration:x]] [[duration:2]] [[duration:3]]', '[[fail:A]]', '[[fail:B]]'),
    ).toEqual({ fail: 'A', durationMs: 2000, statusError: null })
  })

  it('walks nested objects and arrays, e.g. a whole Aidge body', () => {
    const body = {
      imageUrl: 'https://example.com/a.png',
      count: '2',
      requestParams: [
        { bgStyle: 'room [[duration:12.5]]' },
        { tags: ['x', { note: '[[fail:1000]]' }] },
      ],
    }
    expect(parseMarkers(body)).toEqual({ fail: '1000', durationMs: 12_500, statusError: null })
  })

  it('survives cycles', () => {
    const a: Record<string, unknown> = { prompt: '[[fail:OOM]]' }
    a.self = a
    expect(parseMarkers(a).fail).toBe('OOM')
  })
})
