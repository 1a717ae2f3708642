import type { Key } from 'ink'

/** What a key in the list view asks for beyond moving and filtering. */
export type ListCommand = 'open' | 'new' | 'import' | 'quit' | null

/** The list view's own state. */
export interface ListState {
  selected: number
  filter: string
  filtering: boolean
  /** Set by a key; the view performs it once and clears it (so a repeat is seen again). */
  command: ListCommand
}

export const initialListState: ListState = {
  selected: 0,
  filter: '',
  filtering: false,
  command: null,
}

/**
 * One key press in the list view. Decided here, on the current state, so keys typed faster than
 * the screen redraws (a filter word containing `i` or `q`) never fall through to a command.
 */
export function listReducer(
  state: ListState,
  event: { input: string; key: Key; count: number } | { done: true },
): ListState {
  if ('done' in event) return { ...state, command: null }
  const { input, key, count } = event
  if (state.filtering) {
    if (key.return || key.escape) return { ...state, filtering: false }
    if (key.backspace || key.delete)
      return { ...state, filter: state.filter.slice(0, -1), selected: 0 }
    if (input && !key.ctrl && !key.meta)
      return { ...state, filter: state.filter + input, selected: 0 }
    return state
  }
  const command = (c: ListCommand): ListState => ({ ...state, command: c })
  if (input === 'q' || (key.ctrl && input === 'c')) return command('quit')
  if (key.downArrow || input === 'j')
    return { ...state, selected: Math.min(state.selected + 1, Math.max(0, count - 1)) }
  if (key.upArrow || input === 'k') return { ...state, selected: Math.max(0, state.selected - 1) }
  if (key.return) return count > 0 ? command('open') : state
  if (input === 'n') return command('new')
  if (input === 'i') return command('import')
  if (input === '/') return { ...state, filtering: true }
  if (key.escape) return { ...state, filter: '', selected: 0 }
  return state
}
