import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { connect, UsageError } from './connect.js'

describe('connect', () => {
  it('is demo mode with no credentials, its emulators kept in the state directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'darkroom-connect-'))
    const c = connect({ env: { DARKROOM_STATE_DIR: dir } })
    expect(c.mode).toBe('demo')
    expect(c.label).toContain('DEMO')
    // The scope is the state file's seed: the next process is the same connection.
    const again = connect({ env: { DARKROOM_STATE_DIR: dir } })
    expect(again.scope).toBe(c.scope)
    expect(c.scope).toMatch(/^demo:\d+$/)
    c.close?.()
    again.close?.()
  })

  it("uses direct providers from the gateway's variables", () => {
    const c = connect({ env: { SPEEDPIX_APP_KEY: 'k', SPEEDPIX_APP_SECRET: 's' } })
    expect(c).toMatchObject({ mode: 'direct', label: 'direct — speedpix', canImport: true })
  })

  it('uses a gateway with --api and --key, where import is not possible', () => {
    const c = connect({ api: 'http://127.0.0.1:8787/', key: 'demo', env: {} })
    expect(c).toMatchObject({ mode: 'api', scope: 'api:http://127.0.0.1:8787', canImport: false })
  })

  it.each([
    [{ api: 'http://x' }, /--api needs --key/],
    [{ key: 'k' }, /--key needs --api/],
    [{ api: 'not a url', key: 'k' }, /--api must be an absolute URL/],
    [{ api: 'ftp://x', key: 'k' }, /--api must be http or https/],
    [{ env: { AIDGE_ACCESS_KEY_NAME: 'n' } }, /AIDGE_ACCESS_KEY_SECRET is not set/],
  ])('refuses %j with a clear message', (options, message) => {
    expect(() => connect({ env: {}, ...options })).toThrow(UsageError)
    expect(() => connect({ env: {}, ...options })).toThrow(message)
  })
})

describe('UsageError.isInstance', () => {
  it('knows usage errors by their marker, not by class identity', () => {
    const error = new UsageError('bad flag')
    expect(UsageError.isInstance(error)).toBe(true)
    // A copy from another module instance carries the same registered symbol.
    const copy = Object.assign(new Error('bad flag'), {
      [Symbol.for('darkroom.error.usage')]: true,
    })
    expect(UsageError.isInstance(copy)).toBe(true)
    expect(UsageError.isInstance(new Error('bad flag'))).toBe(false)
    expect(UsageError.isInstance('bad flag')).toBe(false)
  })
})
