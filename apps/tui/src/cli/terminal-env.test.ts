import { describe, expect, it } from 'vitest'
import { applyNoColor, prepareDashboardEnv } from './terminal-env.js'

describe('the dashboard environment', () => {
  it('removes the CI markers instead of setting them to false (chalk reads any CI as no colour)', () => {
    const env: Record<string, string | undefined> = {
      CI: 'true',
      CONTINUOUS_INTEGRATION: '1',
      TERM: 'xterm-256color',
    }
    expect(prepareDashboardEnv(env)).toEqual(['CI', 'CONTINUOUS_INTEGRATION'])
    expect(env).toEqual({ TERM: 'xterm-256color' })
  })

  it('turns NO_COLOR into FORCE_COLOR=0, over a FORCE_COLOR the user set', () => {
    const env: Record<string, string | undefined> = { NO_COLOR: '1', FORCE_COLOR: '3' }
    prepareDashboardEnv(env)
    expect(env.FORCE_COLOR).toBe('0')
  })

  it('keeps FORCE_COLOR as given, and an empty NO_COLOR means nothing', () => {
    const env: Record<string, string | undefined> = { NO_COLOR: '', FORCE_COLOR: '2' }
    expect(prepareDashboardEnv(env)).toEqual([])
    expect(env).toEqual({ NO_COLOR: '', FORCE_COLOR: '2' })
    const plain: Record<string, string | undefined> = {}
    applyNoColor(plain)
    expect(plain).toEqual({})
  })
})
