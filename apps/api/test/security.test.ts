import type { JobHandle } from '@darkroom/core'
import { describe, expect, it } from 'vitest'
import { ApiKeyVerifier, bearerSecret } from '../src/security/api-keys.js'
import { signJobToken, verifyJobToken } from '../src/security/job-token.js'

const handle: JobHandle = {
  provider: 'speedpix',
  operation: 'txt2img',
  providerJobId: 'task-1',
  meta: { a: 'b' },
}
const secret = 's'.repeat(40)

describe('job tokens', () => {
  it('round-trip for the key that created them', async () => {
    const token = await signJobToken(handle, 'web', secret)
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)
    expect(await verifyJobToken(token, 'web', secret)).toEqual(handle)
  })

  it('are refused for another key, another secret, or any edit', async () => {
    const token = await signJobToken(handle, 'web', secret)
    expect(await verifyJobToken(token, 'batch', secret)).toBeNull()
    expect(await verifyJobToken(token, 'web', 't'.repeat(40))).toBeNull()
    const [payload, sig] = token.split('.') as [string, string]
    const flipped = `${payload.slice(0, 5)}${payload[5] === 'A' ? 'B' : 'A'}${payload.slice(6)}.${sig}`
    expect(await verifyJobToken(flipped, 'web', secret)).toBeNull()
    for (const bad of [
      '',
      '.',
      'abc',
      `${payload}.`,
      `${payload}.${sig}.x`,
      `${payload}.!!`,
      token.slice(0, -3),
    ]) {
      expect(await verifyJobToken(bad, 'web', secret)).toBeNull()
    }
  })
})

describe('verified job tokens', () => {
  it('answer a token seen before with the same frozen handle, and still check every other', async () => {
    const token = await signJobToken(handle, 'web', secret)
    const first = await verifyJobToken(token, 'web', secret)
    expect(first).toEqual(handle)
    expect(Object.isFrozen(first)).toBe(true)
    expect(Object.isFrozen(first?.meta)).toBe(true)
    expect(await verifyJobToken(token, 'web', secret)).toBe(first)
    // The cached one does not vouch for a copy with an edited signature, another key or secret.
    expect(await verifyJobToken(`${token.slice(0, -2)}AA`, 'web', secret)).toBeNull()
    expect(await verifyJobToken(token, 'batch', secret)).toBeNull()
    expect(await verifyJobToken(token, 'web', 'u'.repeat(40))).toBeNull()
  })

  it('stay right once more tokens were verified than are kept', async () => {
    const tokens: string[] = []
    for (let i = 0; i < 4200; i++) {
      tokens.push(await signJobToken({ ...handle, providerJobId: `task-${i}` }, 'web', secret))
    }
    for (const token of tokens) await verifyJobToken(token, 'web', secret)
    expect((await verifyJobToken(tokens[0] as string, 'web', secret))?.providerJobId).toBe('task-0')
    expect((await verifyJobToken(tokens[4199] as string, 'web', secret))?.providerJobId).toBe(
      'task-4199',
    )
  })
})

describe('API keys', () => {
  const verifier = new ApiKeyVerifier(
    [
      { name: 'web', secret: 'web-secret-123456' },
      { name: 'batch', secret: 'batch-secret-7890' },
    ],
    'pepper',
  )
  it('name the matching key and refuse others', async () => {
    expect(await verifier.verify('web-secret-123456')).toBe('web')
    expect(await verifier.verify('batch-secret-7890')).toBe('batch')
    expect(await verifier.verify('web-secret-12345')).toBeNull()
    expect(await verifier.verify('')).toBeNull()
  })
  it('read only well-formed bearer headers', () => {
    expect(bearerSecret('Bearer abc')).toBe('abc')
    expect(bearerSecret('bearer   abc ')).toBe('abc')
    expect(bearerSecret('Basic abc')).toBeNull()
    expect(bearerSecret('Bearer')).toBeNull()
    expect(bearerSecret(undefined)).toBeNull()
  })
})
