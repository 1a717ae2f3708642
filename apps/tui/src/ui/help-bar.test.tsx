import { render } from 'ink-testing-library'
import { describe, expect, it } from 'vitest'
import { HelpBar } from './help-bar.js'
import { helpEntries } from './keys/key-map.js'
import { initialDashboardState, keysFor } from './views/dashboard-reducer.js'
import type { DashboardState, ViewName } from './views/dashboard-state.js'

const bar = (view: ViewName, patch: Partial<DashboardState> = {}) => {
  const state = { ...initialDashboardState(null), view, ...patch }
  const ui = render(<HelpBar entries={helpEntries(keysFor(state), state)} />)
  const frame = ui.lastFrame()
  ui.unmount()
  return frame?.trimEnd()
}

describe('help bar', () => {
  it('shows each view its own keys, as the views have always named them', () => {
    expect(bar('list')).toBe(
      ' n  new job   ↑↓  select   enter  details   i  import   /  filter   q  quit',
    )
    expect(bar('submit')).toBe(' enter  submit   tab  next field   ←→  choose   esc  cancel')
    expect(bar('import')).toBe(' enter  submit   tab  next field   ←→  choose   esc  cancel')
    expect(bar('detail')).toBe(' ←→  image   o  open   s  save   esc  back')
  })

  it('shows Esc on the list only while a filter is applied, and the filter keys while typing it', () => {
    expect(bar('list', { list: { selected: 0, filter: 'aidge' } })).toContain(
      ' /  filter   esc  clear filter   q  quit',
    )
    expect(bar('filter')).toBe(' enter/esc  done')
  })
})
