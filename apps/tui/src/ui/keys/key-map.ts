import { NAMED_KEYS, type NamedKey, type Press } from './press.js'

/** A key a binding answers to: a named key, or one printable character such as `n` or `/`. */
export type BindingKey = NamedKey | (string & {})

/** One entry of a view's key map: one item of the help bar, and what its keys do. */
export interface KeyBinding<S, C> {
  /** The keys the help bar names, in order: `['up', 'down']` shows `↑↓`, `['enter']` `enter`. */
  keys: readonly BindingKey[]
  /** More keys that do the same, kept off the bar so it stays short (`j`/`k`). Default none. */
  also?: readonly BindingKey[]
  /** What the bar says the keys do. */
  label: string
  /** When the binding applies; while false it is neither shown nor handled. Default: always. */
  when?: (state: S) => boolean
  /** The state after a press of `key` (one of `keys` or `also`); the same state to do nothing. */
  run(state: S, key: BindingKey, context: C): S
}

/** Text entry of a view with a text field: printable characters, and Backspace/Delete to erase. */
export interface Typing<S, C> {
  insert(state: S, text: string, context: C): S
  erase(state: S, context: C): S
}

/**
 * A view's keys: the input handling dispatches only from it and the help bar shows only from
 * it, so a key cannot be handled without being shown, or shown without being handled.
 */
export interface KeyMap<S, C> {
  bindings: readonly KeyBinding<S, C>[]
  /** Set for a view that edits text; its characters are typed, not bound. Default none. */
  typing?: Typing<S, C>
  /** While false the view takes no keys and shows none (a form while it sends). Default: always. */
  enabled?: (state: S) => boolean
}

const HINT: Record<NamedKey, string> = {
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  enter: 'enter',
  esc: 'esc',
  tab: 'tab',
  'shift-tab': 'shift-tab',
  backspace: 'backspace',
  delete: 'del',
  'ctrl-c': 'ctrl-c',
}
const ERASE_KEYS: readonly BindingKey[] = ['backspace', 'delete']
const isNamed = (key: string): key is NamedKey => (NAMED_KEYS as readonly string[]).includes(key)
const isArrow = (key: string) => key === 'up' || key === 'down' || key === 'left' || key === 'right'

/** How the help bar names keys: arrows side by side (`←→`), others joined by `/`. */
export function keyHint(keys: readonly BindingKey[]): string {
  const names = keys.map((k) => (isNamed(k) ? HINT[k] : k))
  return names.join(keys.every(isArrow) ? '' : '/')
}

/**
 * Checks a key map once, where it is defined: every key is a named key or one character, no key
 * belongs to two bindings, and a view that types text binds no character or erase key (it would
 * swallow what the user types).
 */
export function keyMap<S, C>(name: string, map: KeyMap<S, C>): KeyMap<S, C> {
  const seen = new Map<string, string>()
  for (const binding of map.bindings) {
    if (binding.keys.length === 0)
      throw new Error(`The ${name} key map's "${binding.label}" has no keys: give it at least one.`)
    for (const key of [...binding.keys, ...(binding.also ?? [])]) {
      if (!isNamed(key) && [...key].length !== 1)
        throw new Error(
          `The ${name} key map binds "${key}": use one character or one of ${NAMED_KEYS.join(', ')}.`,
        )
      const other = seen.get(key)
      if (other)
        throw new Error(
          `The ${name} key map binds "${key}" twice ("${other}", "${binding.label}").`,
        )
      seen.set(key, binding.label)
      if (map.typing && (!isNamed(key) || ERASE_KEYS.includes(key)))
        throw new Error(
          `The ${name} key map types text, so it cannot bind "${key}": that key edits the field.`,
        )
    }
  }
  return map
}

/** The bindings in effect for `state`, in help-bar order. */
export function activeBindings<S, C>(map: KeyMap<S, C>, state: S): KeyBinding<S, C>[] {
  if (map.enabled && !map.enabled(state)) return []
  return map.bindings.filter((b) => !b.when || b.when(state))
}

/** The help bar's items for `state`: what {@link handleKey} answers to, and nothing else. */
export function helpEntries<S, C>(map: KeyMap<S, C>, state: S): { hint: string; label: string }[] {
  return activeBindings(map, state).map((b) => ({ hint: keyHint(b.keys), label: b.label }))
}

/** The key a press is bound as: its name, or its character; null for a paste (always text). */
export function bindingKeyOf(press: Press): BindingKey | null {
  if ('key' in press) return press.key
  return [...press.text].length === 1 ? press.text : null
}

/** One key press applied to a view, from its key map alone. */
export function handleKey<S, C>(map: KeyMap<S, C>, state: S, press: Press, context: C): S {
  if (map.enabled && !map.enabled(state)) return state
  const key = bindingKeyOf(press)
  const binding =
    key === null
      ? undefined
      : activeBindings(map, state).find((b) => b.keys.includes(key) || b.also?.includes(key))
  if (binding && key !== null) return binding.run(state, key, context)
  if (!map.typing) return state
  if ('text' in press) return map.typing.insert(state, press.text, context)
  return ERASE_KEYS.includes(press.key) ? map.typing.erase(state, context) : state
}
