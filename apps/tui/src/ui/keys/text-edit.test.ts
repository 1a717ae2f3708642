import { describe, expect, it } from 'vitest'
import { cleanText, eraseLast, splitGraphemes, typeInto } from './text-edit.js'

describe('text editing', () => {
  it('erases whole grapheme clusters: no half emoji left behind', () => {
    expect(eraseLast('ok 👍🏽')).toBe('ok ')
    expect(eraseLast('🇯🇵')).toBe('')
    expect(eraseLast('👩‍👩‍👧')).toBe('')
    expect(eraseLast('cafe\u0301')).toBe('caf')
    expect(eraseLast('abc')).toBe('ab')
    expect(eraseLast('')).toBe('')
    expect(splitGraphemes('a👍🏽b')).toEqual(['a', '👍🏽', 'b'])
  })

  it('turns line breaks and tabs into spaces and drops other control characters', () => {
    expect(cleanText('one\r\ntwo\rthree\nfour\tfive')).toBe('one two three four five')
    expect(cleanText('a\u0007b\u007fc\u001bd')).toBe('abcd')
    expect(typeInto('kite ', 'at\ndusk')).toBe('kite at dusk')
  })
})
