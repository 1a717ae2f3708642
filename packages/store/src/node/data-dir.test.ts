import { homedir } from 'node:os'
import { join } from 'node:path'
import envPaths from 'env-paths'
import { describe, expect, it } from 'vitest'
import { defaultDataDir } from './data-dir.js'

describe('defaultDataDir', () => {
  it('is the XDG state directory on Linux, ~/.local/state without one', () => {
    expect(defaultDataDir({ XDG_STATE_HOME: '/state' }, 'linux')).toBe('/state/darkroom')
    expect(defaultDataDir({ XDG_STATE_HOME: '  ' }, 'linux')).toBe(
      join(homedir(), '.local', 'state', 'darkroom'),
    )
    expect(defaultDataDir({}, 'linux')).toBe(join(homedir(), '.local', 'state', 'darkroom'))
  })

  it('is the application-data folder elsewhere', () => {
    const data = envPaths('darkroom', { suffix: '' }).data
    expect(defaultDataDir({ XDG_STATE_HOME: '/state' }, 'darwin')).toBe(data)
    expect(defaultDataDir({}, 'win32')).toBe(data)
  })

  it('moves with DARKROOM_DATA_DIR on every platform', () => {
    for (const platform of ['linux', 'darwin', 'win32']) {
      expect(
        defaultDataDir({ DARKROOM_DATA_DIR: ' /srv/darkroom ', XDG_STATE_HOME: '/s' }, platform),
      ).toBe('/srv/darkroom')
    }
  })
})
