import { afterEach, describe, expect, it } from 'vitest'
import { createEmulators } from '../emulators.js'
import { type ServedApp, serveApp } from './serve.js'

let served: ServedApp | null = null
afterEach(async () => {
  await served?.close()
  served = null
})

describe('serveApp', () => {
  it('serves an emulator on a loopback port', async () => {
    served = await serveApp(createEmulators().speedpix.app)
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const response = await fetch(`${served.url}/scc/sd_get_progress`, {
      method: 'POST',
      body: '{}',
    })
    expect(response.status).toBe(400)
    expect(response.headers.get('x-ca-error-message')).toContain('X-Ca-Key')
  })

  it('really drops the connection when a dropped-connection fault fires', async () => {
    served = await serveApp(createEmulators({ faults: { dropRate: 1 } }).aidge.app)
    await expect(
      fetch(`${served.url}/rest/ai/virtual/model/generation/query`, { method: 'POST', body: '{}' }),
    ).rejects.toThrow()
  })
})
