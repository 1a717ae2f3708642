import type { ProviderInfo } from '@darkroom/client'
import type { KeyBinding, KeyMap } from '../keys/key-map.js'
import type { Press } from '../keys/press.js'
import type { DetailState } from './detail-view.js'
import type { ImportRequest, ImportState } from './import-view.js'
import type { ListState } from './list-view.js'
import type { SubmitRequest, SubmitState } from './submit-view.js'

/** What is on screen; each view has its own key map. `filter` is the list while typing a filter. */
export type ViewName = 'list' | 'filter' | 'submit' | 'import' | 'detail'

/** Work a key asked for that the reducer cannot do itself; the app performs it once. */
export type Effect =
  | { kind: 'quit' }
  | { kind: 'submit'; request: SubmitRequest }
  | { kind: 'import'; request: ImportRequest }

/** Everything the dashboard's keys decide on; changed only by `dashboardReducer`. */
export interface DashboardState {
  view: ViewName
  /** Kept while other views are open, so the selection and filter survive a visit. */
  list: ListState
  submit: SubmitState
  import: ImportState
  detail: DetailState
  /**
   * Null until listed: the forms open only then. Kept here rather than in {@link KeyContext} so
   * that a key pressed just after they arrive, before the redraw, already finds them.
   */
  providers: ProviderInfo[] | null
  /** The line under the view: the start notice, the last submit or import, a problem. */
  message: string | null
  /** Asked for by the last key; performed and cleared by the app. */
  effect: Effect | null
}

/**
 * What the keys need from outside the state, as of the latest render: the jobs shown (the
 * controller's snapshot, redrawn at once when it changes) and the images of the detail's job.
 */
export interface KeyContext {
  /** Ids of the jobs in the list as shown (filtered), top to bottom. */
  jobIds: readonly string[]
  /** Whether the connection can import provider job ids (not through a gateway). */
  canImport: boolean
  /** Images of the job in the detail view (0 elsewhere). */
  images: number
}

/** A binding of one of the dashboard's views. */
export type DashboardBinding = KeyBinding<DashboardState, KeyContext>

/** The key map of one of the dashboard's views. */
export type DashboardKeyMap = KeyMap<DashboardState, KeyContext>

/** Something that happened: a key, or the outcome of an effect. */
export type DashboardEvent =
  | { type: 'press'; press: Press; context: KeyContext }
  /** The app took the effect on; cleared so the same request is not performed twice. */
  | { type: 'performed' }
  /** A submit or import succeeded: back to the list, saying so. */
  | { type: 'finished'; message: string }
  | { type: 'submit-failed'; errors: Record<string, string>; message: string | null }
  | { type: 'import-failed'; message: string }
  /** The detail view opened or saved its image (or could not): the request is done. */
  | { type: 'image-done' }
  | { type: 'providers'; providers: ProviderInfo[] }
  | { type: 'message'; message: string }
