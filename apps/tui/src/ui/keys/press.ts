import type { Key } from 'ink'

/** The keys a view can bind by name; printable characters are bound as themselves. */
export const NAMED_KEYS = [
  'up',
  'down',
  'left',
  'right',
  'enter',
  'esc',
  'tab',
  'shift-tab',
  'backspace',
  'delete',
  'ctrl-c',
] as const

/** A key bound by name (see {@link NAMED_KEYS}). */
export type NamedKey = (typeof NAMED_KEYS)[number]

/** One key press: a named key, or typed text (one character, or a whole paste at once). */
export type Press = { key: NamedKey } | { text: string }

/**
 * Ink's `(input, key)` as one {@link Press}, or null for a key no view uses (page keys, other
 * Ctrl or Alt combinations). Ink names the key that terminals send for Backspace (DEL, 0x7f)
 * `delete`, and only Ctrl+H `backspace`; both are kept apart so a view can tell them apart.
 */
export function toPress(input: string, key: Key): Press | null {
  if (key.upArrow) return { key: 'up' }
  if (key.downArrow) return { key: 'down' }
  if (key.leftArrow) return { key: 'left' }
  if (key.rightArrow) return { key: 'right' }
  if (key.return) return { key: 'enter' }
  if (key.escape) return { key: 'esc' }
  if (key.tab) return { key: key.shift ? 'shift-tab' : 'tab' }
  if (key.backspace) return { key: 'backspace' }
  if (key.delete) return { key: 'delete' }
  if (key.ctrl && input === 'c') return { key: 'ctrl-c' }
  if (key.ctrl || key.meta || !input) return null
  return { text: input }
}
