import { VirtualClock } from '@darkroom/core'
import { describe, expect, it } from 'vitest'
import { createNonceCache, isFresh } from './nonce-cache.js'

describe('createNonceCache', () => {
  it('refuses a nonce reused within the window', async () => {
    const clock = new VirtualClock()
    const nonces = createNonceCache({ clock })
    expect(nonces.use('a')).toBe(true)
    expect(nonces.use('b')).toBe(true)
    await clock.advance(14 * 60 * 1000)
    expect(nonces.use('a')).toBe(false)
  })

  it('forgets nonces once the window has passed, keeping memory bounded', async () => {
    const clock = new VirtualClock()
    const nonces = createNonceCache({ clock, windowMs: 1000 })
    for (let i = 0; i < 100; i++) {
      expect(nonces.use(`n${i}`)).toBe(true)
      await clock.advance(100)
    }
    expect(nonces.size).toBeLessThanOrEqual(11)
    expect(nonces.use('n0')).toBe(true)
    expect(nonces.use('n99')).toBe(false)
  })

  it('caps the number of remembered nonces', () => {
    const nonces = createNonceCache({ clock: new VirtualClock(), maxEntries: 10 })
    for (let i = 0; i < 100; i++) nonces.use(`n${i}`)
    expect(nonces.size).toBe(10)
    expect(nonces.use('n99')).toBe(false)
  })
})

describe('isFresh', () => {
  const now = Date.UTC(2024, 5, 11, 8, 0, 0)
  it('allows 15 minutes either way by default', () => {
    expect(isFresh(now - 15 * 60 * 1000, now)).toBe(true)
    expect(isFresh(now + 15 * 60 * 1000, now)).toBe(true)
    expect(isFresh(now - 15 * 60 * 1000 - 1, now)).toBe(false)
    expect(isFresh(now + 15 * 60 * 1000 + 1, now)).toBe(false)
  })
  it('takes a custom window and refuses NaN', () => {
    expect(isFresh(now - 2000, now, 1000)).toBe(false)
    expect(isFresh(Number.NaN, now)).toBe(false)
  })
})
