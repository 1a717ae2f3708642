import type { Key } from 'ink'
import { describe, expect, it } from 'vitest'
import { toPress } from './press.js'

const none: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
}
const key = (patch: Partial<Key>): Key => ({ ...none, ...patch })

describe('toPress', () => {
  it('names the keys views bind, as Ink reports them', () => {
    expect(toPress('', key({ upArrow: true }))).toEqual({ key: 'up' })
    expect(toPress('', key({ rightArrow: true, meta: true }))).toEqual({ key: 'right' })
    expect(toPress('', key({ return: true }))).toEqual({ key: 'enter' })
    // Ink reports Esc with meta set; it is still Esc.
    expect(toPress('', key({ escape: true, meta: true }))).toEqual({ key: 'esc' })
    expect(toPress('', key({ tab: true }))).toEqual({ key: 'tab' })
    expect(toPress('', key({ tab: true, shift: true }))).toEqual({ key: 'shift-tab' })
    expect(toPress('', key({ delete: true }))).toEqual({ key: 'delete' })
    expect(toPress('', key({ backspace: true }))).toEqual({ key: 'backspace' })
    expect(toPress('c', key({ ctrl: true }))).toEqual({ key: 'ctrl-c' })
  })

  it('passes typed text and pastes through whole, and drops keys no view uses', () => {
    expect(toPress('n', none)).toEqual({ text: 'n' })
    expect(toPress('N', key({ shift: true }))).toEqual({ text: 'N' })
    expect(toPress('a red kite', none)).toEqual({ text: 'a red kite' })
    expect(toPress('n', key({ ctrl: true }))).toBeNull()
    expect(toPress('x', key({ meta: true }))).toBeNull()
    expect(toPress('', key({ pageDown: true }))).toBeNull()
  })
})
