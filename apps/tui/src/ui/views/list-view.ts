import type { JobView } from '../jobs-controller.js'
import { keyMap } from '../keys/key-map.js'
import { eraseLast, typeInto } from '../keys/text-edit.js'
import type { DashboardKeyMap, DashboardState } from './dashboard-state.js'
import { initialDetailState } from './detail-view.js'
import { initialImportState } from './import-view.js'
import { initialSubmitState } from './submit-view.js'

/** The job list's own state. */
export interface ListState {
  /** Index into the list as shown (filtered); may run past its end and is clamped when drawn. */
  selected: number
  filter: string
}

/** An empty filter, the newest job selected. */
export const initialListState: ListState = { selected: 0, filter: '' }

/** The jobs that match `filter` on provider, operation, state or provider job id (any case). */
export function filterJobs(jobs: JobView[], filter: string): JobView[] {
  const needle = filter.trim().toLowerCase()
  if (!needle) return jobs
  return jobs.filter((v) =>
    `${v.entry.job.provider} ${v.entry.job.operation} ${v.entry.job.state} ${v.entry.job.providerJobId}`
      .toLowerCase()
      .includes(needle),
  )
}

const list = (state: DashboardState, patch: Partial<ListState>): DashboardState => ({
  ...state,
  list: { ...state.list, ...patch },
})

const IMPORT_NEEDS_DIRECT =
  'Import needs direct provider access: it is not available through a gateway.'

/** The list: commands, and moving the selection. */
export const LIST_KEYS: DashboardKeyMap = keyMap('list', {
  bindings: [
    {
      keys: ['n'],
      label: 'new job',
      run: (s) => (s.providers ? { ...s, view: 'submit', submit: initialSubmitState } : s),
    },
    {
      keys: ['up', 'down'],
      also: ['k', 'j'],
      label: 'select',
      run: (s, key, { jobIds }) =>
        key === 'up' || key === 'k'
          ? list(s, { selected: Math.max(0, s.list.selected - 1) })
          : list(s, { selected: Math.min(s.list.selected + 1, Math.max(0, jobIds.length - 1)) }),
    },
    {
      keys: ['enter'],
      label: 'details',
      run: (s, _key, { jobIds }) => {
        const id = jobIds[Math.min(s.list.selected, jobIds.length - 1)]
        return id ? { ...s, view: 'detail', detail: { ...initialDetailState, id } } : s
      },
    },
    {
      keys: ['i'],
      label: 'import',
      run: (s, _key, { canImport }) =>
        !s.providers
          ? s
          : canImport
            ? { ...s, view: 'import', import: initialImportState }
            : { ...s, message: IMPORT_NEEDS_DIRECT },
    },
    { keys: ['/'], label: 'filter', run: (s) => ({ ...s, view: 'filter' }) },
    {
      keys: ['esc'],
      label: 'clear filter',
      when: (s) => s.list.filter !== '',
      run: (s) => list(s, { filter: '', selected: 0 }),
    },
    {
      keys: ['q'],
      also: ['ctrl-c'],
      label: 'quit',
      run: (s) => ({ ...s, effect: { kind: 'quit' } }),
    },
  ],
})

/**
 * The list while a filter is typed: every character goes to the filter (a word with `i` or `q`
 * in it must not import or quit), so the list's commands wait until Enter or Esc.
 */
export const FILTER_KEYS: DashboardKeyMap = keyMap('filter', {
  bindings: [{ keys: ['enter', 'esc'], label: 'done', run: (s) => ({ ...s, view: 'list' }) }],
  typing: {
    insert: (s, text) => list(s, { filter: typeInto(s.list.filter, text), selected: 0 }),
    erase: (s) => list(s, { filter: eraseLast(s.list.filter), selected: 0 }),
  },
})
