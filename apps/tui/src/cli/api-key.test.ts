import { describe, expect, it } from 'vitest'
import { cliHarness } from '../../test/cli-harness.js'
import { EXIT } from './exit-codes.js'
import { startDir } from './start-dir.js'

const API = ['--api', 'https://darkroom.example.com']

describe('the API key', () => {
  it('reads --key - from standard input, dropping one trailing newline, and never prints it', async () => {
    const h = await cliHarness({ stdin: 's3cret-key\n' })
    expect(await h.run(...API, '--key', '-', 'list')).toBe(EXIT.ok)
    expect(h.keys).toEqual(['s3cret-key'])
    expect([...h.out, ...h.err].join('\n')).not.toContain('s3cret')
  })

  it('takes DARKROOM_API_KEY with --api; --key wins over it; without --api it is not used', async () => {
    const env = { DARKROOM_API_KEY: 'from-env' }
    const h = await cliHarness({ env })
    expect(await h.run(...API, 'list')).toBe(EXIT.ok)
    expect(await h.run(...API, '--key', 'from-flag', 'list')).toBe(EXIT.ok)
    expect(await h.run('list')).toBe(EXIT.ok)
    expect(h.keys).toEqual(['from-env', 'from-flag', undefined])
  })

  it('says every way to give the key when there is none, and why --key - cannot read a terminal', async () => {
    const h = await cliHarness()
    expect(await h.run(...API, 'list')).toBe(EXIT.badInput)
    expect(h.err.pop()).toMatch(/--api needs the gateway's API key: DARKROOM_API_KEY=KEY .*--key -/)
    expect(await h.run(...API, '--key', '-', 'list')).toBe(EXIT.badInput)
    expect(h.err.pop()).toMatch(/standard input, which is a terminal here: pipe it in/)
    const empty = await cliHarness({ stdin: '\n' })
    expect(await empty.run(...API, '--key', '-', 'list')).toBe(EXIT.badInput)
    expect(empty.err.pop()).toMatch(/read an empty key/)
    expect(empty.keys).toEqual([])
  })

  it('points the dashboard, which needs the terminal on standard input, at DARKROOM_API_KEY', async () => {
    const h = await cliHarness({ stdin: 'k\n' })
    expect(await h.run(...API, '--key', '-')).toBe(EXIT.badInput)
    expect(h.err.pop()).toMatch(/set DARKROOM_API_KEY instead of --key -/)
    expect(h.opened).toEqual([])
  })
})

describe('the start directory', () => {
  it("is pnpm's INIT_CWD when pnpm runs the command, else the process's own", () => {
    expect(startDir({ INIT_CWD: '/home/me/shots' }, '/repo/apps/tui')).toBe('/home/me/shots')
    expect(startDir({ INIT_CWD: ' ' }, '/repo/apps/tui')).toBe('/repo/apps/tui')
    expect(startDir({}, '/somewhere')).toBe('/somewhere')
  })
})
