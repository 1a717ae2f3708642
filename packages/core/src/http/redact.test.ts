import { describe, expect, it } from 'vitest'
import { createRedactor } from './redact.js'

describe('createRedactor', () => {
  it('removes every secret, longest first, and ignores tiny ones', () => {
    const redact = createRedactor(['abcd1234', 'abcd', undefined, 'xy'])
    expect(redact('key abcd1234 and abcd and xy')).toBe('key [redacted] and [redacted] and xy')
  })

  it('leaves text without a secret as it was', () => {
    expect(createRedactor([])('nothing to hide')).toBe('nothing to hide')
    expect(createRedactor(['s3cret-value'])('nothing to hide')).toBe('nothing to hide')
  })
})
