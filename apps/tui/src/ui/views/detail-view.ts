import { keyMap } from '../keys/key-map.js'
import type { DashboardKeyMap, DashboardState } from './dashboard-state.js'

/** What the detail view can do with the image on screen. */
export type ImageRequest = 'open' | 'save'

/** The detail view's own state. */
export interface DetailState {
  /** The job shown. */
  id: string
  /** The image shown, 0-based. */
  index: number
  /** Asked for by `o` or `s`; the view does it once its image is loaded, then clears it. */
  request: ImageRequest | null
}

/** No job yet; set when a job is opened. */
export const initialDetailState: DetailState = { id: '', index: 0, request: null }

const detail = (s: DashboardState, patch: Partial<DetailState>): DashboardState => ({
  ...s,
  detail: { ...s.detail, ...patch },
})

/** A job's fields and images. */
export const DETAIL_KEYS: DashboardKeyMap = keyMap('detail', {
  bindings: [
    {
      keys: ['left', 'right'],
      label: 'image',
      run: (s, key, { images }) =>
        images > 0
          ? detail(s, { index: (s.detail.index + (key === 'left' ? images - 1 : 1)) % images })
          : s,
    },
    { keys: ['o'], label: 'open', run: (s) => detail(s, { request: 'open' }) },
    { keys: ['s'], label: 'save', run: (s) => detail(s, { request: 'save' }) },
    {
      keys: ['esc'],
      also: ['q', 'backspace'],
      label: 'back',
      run: (s) => ({ ...s, view: 'list' }),
    },
  ],
})
