import type { ProviderInfo } from '@darkroom/client'
import { Box, Text, useInput } from 'ink'
import { useEffect, useMemo, useReducer, useState } from 'react'
import { checkField, type FieldSpec } from './form-fields.js'
import {
  currentFields,
  type FormState,
  formReducer,
  initialFormState,
} from './submit-form-state.js'

/** Props of {@link SubmitForm}. */
export interface SubmitFormProps {
  providers: ProviderInfo[]
  /** Sends the job; rejects with field errors to show them at the fields. */
  onSubmit(request: {
    provider: string
    operation: string
    input: Record<string, unknown>
  }): Promise<void>
  onCancel(): void
  /** Errors the provider or gateway reported for fields, by field name. */
  serverErrors?: Record<string, string> | undefined
  /** A whole-form error (network, auth…). */
  serverMessage?: string | null | undefined
}

/**
 * A job form: pick a provider and an operation, then fill the fields built from the operation's
 * input schema. Each value is checked as it is typed; nothing is sent while any field is invalid.
 */
export function SubmitForm({
  providers,
  onSubmit,
  onCancel,
  serverErrors,
  serverMessage,
}: SubmitFormProps) {
  const [state, dispatch] = useReducer(
    (s: FormState, e: Parameters<typeof formReducer>[2]) => formReducer(providers, s, e),
    initialFormState,
  )
  const [sending, setSending] = useState(false)
  const provider = providers[state.providerIndex]
  const operation = provider?.operations[state.operationIndex]
  // biome-ignore lint/correctness/useExhaustiveDependencies: the fields depend only on these two indexes
  const { fields, skipped } = useMemo(
    () => currentFields(providers, state),
    [providers, state.providerIndex, state.operationIndex],
  )
  const { focus, values, touched } = state

  useEffect(() => {
    if (!state.ready) return
    const request = state.ready
    dispatch({ sent: true })
    setSending(true)
    void onSubmit(request).finally(() => setSending(false))
  }, [state.ready, onSubmit])

  const errorOf = (f: FieldSpec) => {
    const local = touched[f.name] ? checkField(f, values[f.name] ?? '').error : undefined
    return local ?? serverErrors?.[f.name]
  }

  useInput(
    (input, key) => {
      if (key.escape) return onCancel()
      dispatch({ input, key })
    },
    { isActive: !sending },
  )

  const line = (
    index: number,
    label: string,
    value: string,
    hint: string | null,
    error?: string,
  ) => (
    <Box key={label} flexDirection="column">
      <Text>
        <Text color={focus === index ? 'cyan' : undefined}>{focus === index ? '› ' : '  '}</Text>
        <Text bold={focus === index}>{label.padEnd(20)}</Text>
        <Text>{value}</Text>
        {focus === index && <Text inverse> </Text>}
        {hint && <Text dimColor>{`  ${hint.length > 70 ? `${hint.slice(0, 69)}…` : hint}`}</Text>}
      </Text>
      {error && <Text color="red">{`    ✗ ${error}`}</Text>}
    </Box>
  )

  return (
    <Box flexDirection="column">
      <Text bold>New job</Text>
      {line(0, 'provider', `‹ ${provider?.id ?? '—'} ›`, '←/→ to change')}
      {line(1, 'operation', `‹ ${operation?.name ?? '—'} ›`, operation?.label ?? null)}
      {fields.map((f, i) =>
        line(
          i + 2,
          `${f.name}${f.required ? ' *' : ''}`,
          f.choices.length > 0 ? `‹ ${values[f.name] || '—'} ›` : (values[f.name] ?? ''),
          f.choices.length > 0 ? f.choices.join(' | ') : (f.description ?? rangeHint(f)),
          errorOf(f),
        ),
      )}
      {skipped.length > 0 && (
        <Text
          dimColor
        >{`  (${skipped.join(', ')}: use \`darkroom submit --input\` for these)`}</Text>
      )}
      {serverMessage && <Text color="red">{`  ${serverMessage}`}</Text>}
      <Text dimColor>
        {sending ? '  sending…' : '  Enter submit · Tab/↑/↓ move · ←/→ choose · Esc cancel'}
      </Text>
    </Box>
  )
}

function rangeHint(f: FieldSpec): string | null {
  if (f.minimum !== null || f.maximum !== null) return `${f.minimum ?? ''}..${f.maximum ?? ''}`
  return null
}
