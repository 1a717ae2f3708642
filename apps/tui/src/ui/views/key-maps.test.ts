// The key-map rule, for every view: a key the dashboard acts on is one its help bar shows (or
// text typed into a field), and every key the bar shows acts. Each press of a wide set of keys
// goes through the real reducer in states chosen to give every binding something to do.
import { isDeepStrictEqual } from 'node:util'
import type { ProviderInfo } from '@darkroom/client'
import { beforeAll, describe, expect, it } from 'vitest'
import { demoConnection } from '../../connect.js'
import { activeBindings, bindingKeyOf, helpEntries, keyHint } from '../keys/key-map.js'
import { NAMED_KEYS, type Press } from '../keys/press.js'
import { dashboardReducer, initialDashboardState, KEY_MAPS, keysFor } from './dashboard-reducer.js'
import type { DashboardState, KeyContext, ViewName } from './dashboard-state.js'
import { currentFields } from './submit-view.js'

const PRESSES: Press[] = [
  ...NAMED_KEYS.map((key) => ({ key })),
  ...Array.from({ length: 0x7f - 0x20 }, (_, i) => ({ text: String.fromCharCode(0x20 + i) })),
  { text: 'é' },
  { text: '图' },
  { text: 'a pasted line' },
]

interface Case {
  state: DashboardState
  context: KeyContext
}

let providers: ProviderInfo[] = []
beforeAll(async () => {
  providers = await demoConnection(1).client.providers.list()
})

/** States of each view that between them give every binding something to do. */
function cases(): Record<ViewName, Case[]> {
  const base = { ...initialDashboardState(null), providers }
  const none: KeyContext = { jobIds: [], canImport: true, images: 0 }
  const three: KeyContext = { ...none, jobIds: ['a', 'b', 'c'] }
  const at = (view: ViewName, patch: Partial<DashboardState> = {}) => ({ ...base, view, ...patch })
  const submit = (patch: Partial<DashboardState['submit']>) =>
    at('submit', { submit: { ...base.submit, ...patch } })
  const importAt = (patch: Partial<DashboardState['import']>) =>
    at('import', { import: { ...base.import, ...patch } })
  // A field with choices: the first provider and operation that has one.
  const choice = providers
    .flatMap((p, providerIndex) =>
      p.operations.map((_, operationIndex) => {
        const form = { ...base.submit, providerIndex, operationIndex }
        const focus = currentFields(providers, form).fields.findIndex((f) => f.choices.length > 0)
        return { ...form, focus: focus + 2, found: focus >= 0 }
      }),
    )
    .find((f) => f.found)
  if (!choice) throw new Error('no demo operation has a field with choices')
  return {
    list: [
      { state: at('list'), context: none },
      { state: at('list', { list: { selected: 1, filter: 'x' } }), context: three },
      { state: at('list'), context: { ...three, canImport: false } },
      { state: at('list', { providers: null }), context: three },
    ],
    filter: [
      { state: at('filter'), context: none },
      { state: at('filter', { list: { selected: 2, filter: 'ab' } }), context: three },
    ],
    submit: [
      { state: submit({ focus: 0 }), context: none },
      { state: submit({ focus: 1 }), context: none },
      { state: submit({ focus: 2, values: { modelId: 'm' } }), context: none },
      { state: submit(choice), context: none },
      { state: submit({ sending: true }), context: none },
    ],
    import: [
      { state: importAt({ focus: 0 }), context: none },
      { state: importAt({ focus: 1 }), context: none },
      { state: importAt({ focus: 2, providerJobId: 'task-1' }), context: none },
    ],
    detail: [
      { state: at('detail', { detail: { id: 'a', index: 0, request: null } }), context: none },
      {
        state: at('detail', { detail: { id: 'a', index: 1, request: null } }),
        context: { ...none, images: 2 },
      },
    ],
  }
}

const describePress = (press: Press) => ('key' in press ? press.key : JSON.stringify(press.text))

describe('key maps', () => {
  for (const view of Object.keys(KEY_MAPS) as ViewName[]) {
    it(`${view}: acts only on keys its help bar shows (or text typed), and every shown key acts`, () => {
      const map = KEY_MAPS[view]
      const acted = new Set<string>()
      let typed = false
      for (const { state, context } of cases()[view]) {
        expect(keysFor(state)).toBe(map)
        const shown = activeBindings(map, state)
        // The bar is exactly the bindings in effect, named by their keys.
        expect(helpEntries(map, state)).toEqual(
          shown.map((b) => ({ hint: keyHint(b.keys), label: b.label })),
        )
        for (const press of PRESSES) {
          const next = dashboardReducer(state, { type: 'press', press, context })
          if (isDeepStrictEqual(next, state)) continue
          const key = bindingKeyOf(press)
          const binding = shown.find(
            (b) => key !== null && (b.keys.includes(key) || b.also?.includes(key)),
          )
          if (binding && key !== null) {
            acted.add(key)
            continue
          }
          const typing = 'text' in press || press.key === 'backspace' || press.key === 'delete'
          expect(
            map.typing && typing,
            `${view} acted on ${describePress(press)}, which its help bar does not show`,
          ).toBeTruthy()
          typed = true
        }
      }
      for (const b of map.bindings)
        for (const key of [...b.keys, ...(b.also ?? [])])
          expect(acted.has(key), `${view}: "${key}" (${b.label}) is shown but never acts`).toBe(
            true,
          )
      expect(typed, `${view} types text exactly when its map says so`).toBe(Boolean(map.typing))
    })
  }

  it('the submit form takes no key and shows none while it sends', () => {
    const base = { ...initialDashboardState(null), providers }
    const sending: DashboardState = {
      ...base,
      view: 'submit',
      submit: { ...base.submit, sending: true },
    }
    const context: KeyContext = { jobIds: [], canImport: true, images: 0 }
    expect(helpEntries(keysFor(sending), sending)).toEqual([])
    for (const press of PRESSES)
      expect(dashboardReducer(sending, { type: 'press', press, context })).toBe(sending)
  })
})
