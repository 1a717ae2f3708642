import { keyMap } from '../keys/key-map.js'
import { eraseLast, typeInto } from '../keys/text-edit.js'
import type { DashboardKeyMap, DashboardState } from './dashboard-state.js'

/** A job submitted elsewhere, to bring in by its provider job id. */
export interface ImportRequest {
  provider: string
  operation: string
  providerJobId: string
}

/** Everything the import form shows. */
export interface ImportState {
  /** 0 provider, 1 operation, 2 the provider job id. */
  focus: number
  providerIndex: number
  operationIndex: number
  providerJobId: string
  /** What the form found wrong before sending (the id is missing). */
  error: string | null
  /** Why the last import failed, from the provider. */
  serverMessage: string | null
}

/** The first provider's first operation, focus on the job id. */
export const initialImportState: ImportState = {
  focus: 2,
  providerIndex: 0,
  operationIndex: 0,
  providerJobId: '',
  error: null,
  serverMessage: null,
}

const FIELDS = 3
const form = (s: DashboardState, patch: Partial<ImportState>): DashboardState => ({
  ...s,
  import: { ...s.import, ...patch },
})
const onId = (s: DashboardState, providerJobId: string) =>
  s.import.focus === 2 ? form(s, { providerJobId }) : s

/** The import form: provider, operation and the provider's own job id. */
export const IMPORT_KEYS: DashboardKeyMap = keyMap('import form', {
  bindings: [
    {
      keys: ['enter'],
      label: 'submit',
      run: (s) => {
        const providerJobId = s.import.providerJobId.trim()
        if (!providerJobId) return form(s, { error: 'the provider job id is required' })
        const provider = s.providers?.[s.import.providerIndex]
        const operation = provider?.operations[s.import.operationIndex]
        if (!provider || !operation) return s
        const request = { provider: provider.id, operation: operation.name, providerJobId }
        return { ...form(s, { error: null }), effect: { kind: 'import', request } }
      },
    },
    {
      keys: ['tab'],
      also: ['down', 'shift-tab', 'up'],
      label: 'next field',
      run: (s, key) => {
        const step = key === 'up' || key === 'shift-tab' ? FIELDS - 1 : 1
        return form(s, { focus: (s.import.focus + step) % FIELDS })
      },
    },
    {
      keys: ['left', 'right'],
      label: 'choose',
      run: (s, key) => {
        const step = key === 'left' ? -1 : 1
        const provider = s.providers?.[s.import.providerIndex]
        if (s.import.focus === 0 && s.providers) {
          const count = s.providers.length
          return form(s, {
            providerIndex: (s.import.providerIndex + step + count) % count,
            operationIndex: 0,
          })
        }
        if (s.import.focus === 1 && provider) {
          const count = provider.operations.length
          return form(s, { operationIndex: (s.import.operationIndex + step + count) % count })
        }
        return s
      },
    },
    { keys: ['esc'], label: 'cancel', run: (s) => ({ ...s, view: 'list' }) },
  ],
  typing: {
    insert: (s, text) => onId(s, typeInto(s.import.providerJobId, text)),
    erase: (s) => onId(s, eraseLast(s.import.providerJobId)),
  },
})
