import type { ProviderInfo } from '@darkroom/client'
import type { Key } from 'ink'
import { buildInput, type FieldSpec, fieldsFromSchema } from './form-fields.js'

/** Everything the form shows; changed only by {@link formReducer}. */
export interface FormState {
  providerIndex: number
  operationIndex: number
  values: Record<string, string>
  touched: Record<string, boolean>
  /** 0 provider, 1 operation, 2.. the fields. */
  focus: number
  /** Set when Enter found every field valid: the form sends it once, then clears it. */
  ready: { provider: string; operation: string; input: Record<string, unknown> } | null
}

/** The form's fields for the current provider and operation. */
export function currentFields(
  providers: ProviderInfo[],
  state: FormState,
): { fields: FieldSpec[]; skipped: string[] } {
  const operation = providers[state.providerIndex]?.operations[state.operationIndex]
  return fieldsFromSchema((operation?.inputSchema ?? {}) as Record<string, unknown>)
}

export const initialFormState: FormState = {
  providerIndex: 0,
  operationIndex: 0,
  values: {},
  touched: {},
  focus: 2,
  ready: null,
}

const wrap = (n: number, length: number) => (length === 0 ? 0 : ((n % length) + length) % length)

/**
 * One key press applied to the form. Keeping every decision here (not in the input callback)
 * means fast typing never acts on a stale render.
 */
export function formReducer(
  providers: ProviderInfo[],
  state: FormState,
  event: { input: string; key: Key } | { sent: true },
): FormState {
  if ('sent' in event) return { ...state, ready: null }
  const { input, key } = event
  const { fields } = currentFields(providers, state)
  const rows = 2 + fields.length
  if (key.tab || key.downArrow)
    return { ...state, focus: wrap(state.focus + (key.shift ? -1 : 1), rows) }
  if (key.upArrow) return { ...state, focus: wrap(state.focus - 1, rows) }
  if (key.return) {
    const built = buildInput(fields, state.values)
    const touched = Object.fromEntries(fields.map((f) => [f.name, true]))
    const firstBad = fields.findIndex((f) => built.errors[f.name])
    const provider = providers[state.providerIndex]
    const operation = provider?.operations[state.operationIndex]
    if (firstBad >= 0 || !provider || !operation)
      return { ...state, touched, focus: firstBad >= 0 ? firstBad + 2 : state.focus }
    return {
      ...state,
      touched,
      ready: { provider: provider.id, operation: operation.name, input: built.input },
    }
  }
  const step = key.leftArrow ? -1 : key.rightArrow ? 1 : 0
  if (state.focus === 0) {
    return step
      ? {
          ...state,
          providerIndex: wrap(state.providerIndex + step, providers.length),
          operationIndex: 0,
          values: {},
          touched: {},
        }
      : state
  }
  if (state.focus === 1) {
    const count = providers[state.providerIndex]?.operations.length ?? 0
    return step
      ? {
          ...state,
          operationIndex: wrap(state.operationIndex + step, count),
          values: {},
          touched: {},
        }
      : state
  }
  const field = fields[state.focus - 2]
  if (!field) return state
  const set = (value: string) => ({
    ...state,
    values: { ...state.values, [field.name]: value },
    touched: { ...state.touched, [field.name]: true },
  })
  const current = state.values[field.name] ?? ''
  if (field.choices.length > 0) {
    if (step) {
      const at = field.choices.indexOf(current)
      return set(
        field.choices[
          at < 0 ? (step > 0 ? 0 : field.choices.length - 1) : wrap(at + step, field.choices.length)
        ] ?? '',
      )
    }
    return key.backspace || key.delete ? set('') : state
  }
  if (key.backspace || key.delete) return set(current.slice(0, -1))
  if (input && !key.ctrl && !key.meta && !key.escape) return set(current + input)
  return state
}
