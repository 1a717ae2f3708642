import { handleKey } from '../keys/key-map.js'
import type {
  DashboardEvent,
  DashboardKeyMap,
  DashboardState,
  ViewName,
} from './dashboard-state.js'
import { DETAIL_KEYS, initialDetailState } from './detail-view.js'
import { IMPORT_KEYS, initialImportState } from './import-view.js'
import { FILTER_KEYS, initialListState, LIST_KEYS } from './list-view.js'
import { initialSubmitState, SUBMIT_KEYS } from './submit-view.js'

/** Each view's key map: what its keys do, and what its help bar shows. */
export const KEY_MAPS: Record<ViewName, DashboardKeyMap> = {
  list: LIST_KEYS,
  filter: FILTER_KEYS,
  submit: SUBMIT_KEYS,
  import: IMPORT_KEYS,
  detail: DETAIL_KEYS,
}

/** The key map of the view on screen. */
export function keysFor(state: DashboardState): DashboardKeyMap {
  return KEY_MAPS[state.view]
}

/** The list, nothing selected yet, with `notice` (if any) on the message line. */
export function initialDashboardState(notice: string | null): DashboardState {
  return {
    view: 'list',
    list: initialListState,
    submit: initialSubmitState,
    import: initialImportState,
    detail: initialDetailState,
    providers: null,
    message: notice,
    effect: null,
  }
}

/**
 * Every change to the dashboard. A key is decided here, on the current state, through the key map
 * of the view it lands in, so keys typed faster than the screen redraws (a filter word with `q`
 * in it, or a key right after `n`) reach the view they were meant for.
 */
export function dashboardReducer(state: DashboardState, event: DashboardEvent): DashboardState {
  switch (event.type) {
    case 'press':
      return handleKey(keysFor(state), state, event.press, event.context)
    case 'performed':
      return { ...state, effect: null }
    case 'finished':
      return {
        ...state,
        view: 'list',
        message: event.message,
        submit: { ...state.submit, sending: false },
      }
    case 'submit-failed':
      return {
        ...state,
        submit: {
          ...state.submit,
          sending: false,
          serverErrors: event.errors,
          serverMessage: event.message,
        },
      }
    case 'import-failed':
      return { ...state, import: { ...state.import, serverMessage: event.message } }
    case 'image-done':
      return { ...state, detail: { ...state.detail, request: null } }
    case 'providers':
      return { ...state, providers: event.providers }
    case 'message':
      return { ...state, message: event.message }
  }
}
