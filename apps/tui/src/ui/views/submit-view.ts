import type { ProviderInfo } from '@darkroom/client'
import { buildInput, type FieldSpec, fieldsFromSchema } from '../form-fields.js'
import { withUploadPlaceholders } from '../image-fields.js'
import { keyMap } from '../keys/key-map.js'
import { eraseLast, typeInto } from '../keys/text-edit.js'
import { formIssues, schemaIssues } from '../schema-check.js'
import type { DashboardKeyMap, DashboardState } from './dashboard-state.js'

/** A job to send, as the form built it. */
export interface SubmitRequest {
  provider: string
  operation: string
  input: Record<string, unknown>
}

/** Everything the submit form shows. */
export interface SubmitState {
  providerIndex: number
  operationIndex: number
  values: Record<string, string>
  touched: Record<string, boolean>
  /** 0 provider, 1 operation, 2.. the fields. */
  focus: number
  /** Set from Enter (every field valid) until the provider answers; keys wait meanwhile. */
  sending: boolean
  /**
   * Errors beyond each field's own check, by field name: from the operation's schema on Enter,
   * or from the provider or gateway. A field's entry goes once the field is edited.
   */
  serverErrors: Record<string, string>
  /** A whole-form error (the schema's about no one field, network, auth…). */
  serverMessage: string | null
}

/** The first provider's first operation, focus on its first field. */
export const initialSubmitState: SubmitState = {
  providerIndex: 0,
  operationIndex: 0,
  values: {},
  touched: {},
  focus: 2,
  sending: false,
  serverErrors: {},
  serverMessage: null,
}

/** The form's fields for the current provider and operation. */
export function currentFields(
  providers: ProviderInfo[],
  state: SubmitState,
): { fields: FieldSpec[]; skipped: string[] } {
  const operation = providers[state.providerIndex]?.operations[state.operationIndex]
  return fieldsFromSchema((operation?.inputSchema ?? {}) as Record<string, unknown>)
}

const wrap = (n: number, length: number) => (length === 0 ? 0 : ((n % length) + length) % length)

const form = (s: DashboardState, patch: Partial<SubmitState>): DashboardState => ({
  ...s,
  submit: { ...s.submit, ...patch },
})

/** The focused field and its value, with a setter that marks it touched. */
function focused(s: DashboardState, providers: ProviderInfo[]) {
  const field = currentFields(providers, s.submit).fields[s.submit.focus - 2]
  const value = field ? (s.submit.values[field.name] ?? '') : ''
  const set = (next: string) => {
    if (!field) return s
    // The error was about the old value.
    const { [field.name]: _old, ...serverErrors } = s.submit.serverErrors
    return form(s, {
      values: { ...s.submit.values, [field.name]: next },
      touched: { ...s.submit.touched, [field.name]: true },
      serverErrors,
    })
  }
  return { field, value, set }
}

/**
 * Enter: sends when every field is valid and the operation's schema takes the input; otherwise
 * shows every problem at once (each field's own check first, the schema's for the rest) and
 * focuses the first bad field.
 */
function submit(s: DashboardState, providers: ProviderInfo[]): DashboardState {
  const f = s.submit
  const { fields } = currentFields(providers, f)
  const built = buildInput(fields, f.values)
  const touched = Object.fromEntries(fields.map((field) => [field.name, true]))
  const provider = providers[f.providerIndex]
  const operation = provider?.operations[f.operationIndex]
  if (!provider || !operation) return form(s, { touched })
  const names = new Set(fields.map((field) => field.name))
  const checked = withUploadPlaceholders(built.input)
  const found = formIssues(schemaIssues(provider.id, operation.name, checked), (name) =>
    names.has(name),
  )
  const serverErrors = Object.fromEntries(
    Object.entries(found.fields).filter(([name]) => !built.errors[name]),
  )
  const firstBad = fields.findIndex((field) => built.errors[field.name] ?? serverErrors[field.name])
  if (firstBad >= 0 || found.message)
    return form(s, {
      touched,
      serverErrors,
      serverMessage: found.message,
      focus: firstBad >= 0 ? firstBad + 2 : f.focus,
    })
  const request = { provider: provider.id, operation: operation.name, input: built.input }
  const sent = form(s, { touched, sending: true, serverErrors: {}, serverMessage: null })
  return { ...sent, effect: { kind: 'submit', request } }
}

/** ←/→ on the provider, the operation, or a field with choices (elsewhere nothing). */
function choose(s: DashboardState, providers: ProviderInfo[], step: number): DashboardState {
  const f = s.submit
  if (f.focus === 0)
    return form(s, {
      providerIndex: wrap(f.providerIndex + step, providers.length),
      operationIndex: 0,
      values: {},
      touched: {},
    })
  if (f.focus === 1) {
    const count = providers[f.providerIndex]?.operations.length ?? 0
    return form(s, {
      operationIndex: wrap(f.operationIndex + step, count),
      values: {},
      touched: {},
    })
  }
  const { field, value, set } = focused(s, providers)
  if (!field || field.choices.length === 0) return s
  const at = field.choices.indexOf(value)
  const next =
    at < 0 ? (step > 0 ? 0 : field.choices.length - 1) : wrap(at + step, field.choices.length)
  return set(field.choices[next] ?? '')
}

/** The form opens only once the providers are listed; without them a key does nothing. */
const withProviders =
  <A extends unknown[]>(
    run: (s: DashboardState, providers: ProviderInfo[], ...a: A) => DashboardState,
  ) =>
  (s: DashboardState, ...a: A): DashboardState =>
    s.providers ? run(s, s.providers, ...a) : s

const BACK = new Set(['up', 'shift-tab'])

function move(s: DashboardState, providers: ProviderInfo[], key: string): DashboardState {
  const rows = 2 + currentFields(providers, s.submit).fields.length
  return form(s, { focus: wrap(s.submit.focus + (BACK.has(key) ? -1 : 1), rows) })
}

/** Text goes into a text field; a field with choices takes only ←/→. */
function insert(s: DashboardState, providers: ProviderInfo[], text: string): DashboardState {
  const { field, value, set } = focused(s, providers)
  return field && field.choices.length === 0 ? set(typeInto(value, text)) : s
}

/** A choice is cleared whole; text loses its last character (grapheme cluster). */
function erase(s: DashboardState, providers: ProviderInfo[]): DashboardState {
  const { field, value, set } = focused(s, providers)
  return field ? set(field.choices.length > 0 ? '' : eraseLast(value)) : s
}

/**
 * The submit form: a provider and an operation, then the fields built from the operation's input
 * schema. Each value is checked as it is typed; nothing is sent while any field is invalid.
 */
export const SUBMIT_KEYS: DashboardKeyMap = keyMap('submit form', {
  enabled: (s) => !s.submit.sending,
  bindings: [
    { keys: ['enter'], label: 'submit', run: (s) => withProviders(submit)(s) },
    {
      keys: ['tab'],
      also: ['down', 'shift-tab', 'up'],
      label: 'next field',
      run: (s, key) => withProviders(move)(s, key),
    },
    {
      keys: ['left', 'right'],
      label: 'choose',
      run: (s, key) => withProviders(choose)(s, key === 'left' ? -1 : 1),
    },
    { keys: ['esc'], label: 'cancel', run: (s) => ({ ...s, view: 'list' }) },
  ],
  typing: {
    insert: (s, text) => withProviders(insert)(s, text),
    erase: (s) => withProviders(erase)(s),
  },
})
