import { describe, expect, it } from 'vitest'
import { handleKey, helpEntries, type KeyMap, keyHint, keyMap } from './key-map.js'

interface State {
  text: string
  log: string[]
  on: boolean
}
const start: State = { text: '', log: [], on: true }
const logged = (s: State, entry: string): State => ({ ...s, log: [...s.log, entry] })

const map: KeyMap<State, number> = keyMap('test', {
  enabled: (s) => s.on,
  bindings: [
    { keys: ['enter'], label: 'go', run: (s, _k, n) => logged(s, `go ${n}`) },
    { keys: ['up', 'down'], also: ['shift-tab'], label: 'move', run: (s, k) => logged(s, k) },
    { keys: ['esc'], label: 'clear', when: (s) => s.text !== '', run: (s) => ({ ...s, text: '' }) },
  ],
  typing: {
    insert: (s, text) => ({ ...s, text: s.text + text }),
    erase: (s) => ({ ...s, text: s.text.slice(0, -1) }),
  },
})

describe('key maps', () => {
  it('dispatches a press to its binding, aliases included, with the context', () => {
    expect(handleKey(map, start, { key: 'enter' }, 7).log).toEqual(['go 7'])
    expect(handleKey(map, start, { key: 'down' }, 0).log).toEqual(['down'])
    expect(handleKey(map, start, { key: 'shift-tab' }, 0).log).toEqual(['shift-tab'])
  })

  it('types text (a paste whole) and erases with Backspace or Delete; other keys do nothing', () => {
    const typed = handleKey(map, start, { text: 'ab c' }, 0)
    expect(typed.text).toBe('ab c')
    expect(handleKey(map, typed, { key: 'delete' }, 0).text).toBe('ab ')
    expect(handleKey(map, typed, { key: 'backspace' }, 0).text).toBe('ab ')
    expect(handleKey(map, typed, { key: 'left' }, 0)).toBe(typed)
  })

  it('shows and handles a binding only while it applies, and nothing while the map is off', () => {
    expect(helpEntries(map, start).map((e) => e.label)).toEqual(['go', 'move'])
    expect(handleKey(map, start, { key: 'esc' }, 0)).toBe(start)
    const typed = { ...start, text: 'x' }
    expect(helpEntries(map, typed).map((e) => e.label)).toEqual(['go', 'move', 'clear'])
    expect(handleKey(map, typed, { key: 'esc' }, 0).text).toBe('')
    const off = { ...typed, on: false }
    expect(helpEntries(map, off)).toEqual([])
    expect(handleKey(map, off, { key: 'enter' }, 0)).toBe(off)
    expect(handleKey(map, off, { text: 'y' }, 0)).toBe(off)
  })

  it('names keys for the help bar: arrows side by side, others joined by a slash', () => {
    expect(keyHint(['up', 'down'])).toBe('↑↓')
    expect(keyHint(['left', 'right'])).toBe('←→')
    expect(keyHint(['enter', 'esc'])).toBe('enter/esc')
    expect(keyHint(['/'])).toBe('/')
    expect(helpEntries(map, start)[1]).toEqual({ hint: '↑↓', label: 'move' })
  })

  it('refuses a map that binds a key twice, a word for a key, or a character it types', () => {
    const run = (s: State) => s
    expect(() =>
      keyMap('twice', {
        bindings: [
          { keys: ['q'], label: 'quit', run },
          { keys: ['x'], also: ['q'], label: 'exit', run },
        ],
      }),
    ).toThrow('The twice key map binds "q" twice ("quit", "exit").')
    expect(() => keyMap('word', { bindings: [{ keys: ['home'], label: 'top', run }] })).toThrow(
      /binds "home": use one character or one of up, down/,
    )
    expect(() => keyMap('empty', { bindings: [{ keys: [], label: 'nothing', run }] })).toThrow(
      /"nothing" has no keys/,
    )
    const typing = { insert: run, erase: run }
    expect(() =>
      keyMap('form', { bindings: [{ keys: ['n'], label: 'new', run }], typing }),
    ).toThrow('The form key map types text, so it cannot bind "n": that key edits the field.')
    expect(() =>
      keyMap('form', { bindings: [{ keys: ['delete'], label: 'wipe', run }], typing }),
    ).toThrow(/cannot bind "delete"/)
  })
})
