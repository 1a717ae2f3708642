import { describe, expect, it } from 'vitest'
import { bundle } from './bundle.js'

describe('bundles', () => {
  it('the remote entry pulls in no provider adapter, emulator or JSON Schema generator', async () => {
    // Split as an app's bundler splits the polling fallback's dynamic import; every chunk counts.
    const remote = await bundle('../src/index.ts', { split: true })
    // The one provider-side helper it shares is core's image sniffer (jobs.image checks bytes).
    const shared = /core\/src\/providers\/shared\/image-type\.ts$/
    const offending = remote.inputs.filter(
      (path) =>
        /core\/src\/(providers|signing)\/|@valibot\/to-json-schema|emulator|node:/.test(path) &&
        !shared.test(path),
    )
    expect(offending).toEqual([])
    expect(remote.inputs.some((path) => shared.test(path))).toBe(true)
    expect(remote.inputs.some((path) => /\/ky\//.test(path))).toBe(true)
    expect(remote.inputs.some((path) => /core\/src\/polling\/schedule\.ts$/.test(path))).toBe(true)
  })

  it('the direct entry carries the adapters', async () => {
    const direct = await bundle('../src/direct.ts')
    for (const id of ['aicontent', 'speedpix', 'aidge']) {
      expect(direct.inputs.some((path) => path.includes(`core/src/providers/${id}/`))).toBe(true)
    }
  })
})
