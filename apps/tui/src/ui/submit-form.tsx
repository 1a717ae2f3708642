import type { ProviderInfo } from '@darkroom/client'
import { Box, Text } from 'ink'
import { useMemo } from 'react'
import { checkField, type FieldSpec } from './form-fields.js'
import { currentFields, type SubmitState } from './views/submit-view.js'

/** Props of {@link SubmitForm}. */
export interface SubmitFormProps {
  providers: ProviderInfo[]
  /** The form as the dashboard's keys left it (see `SUBMIT_KEYS`). */
  state: SubmitState
}

/**
 * A job form: pick a provider and an operation, then fill the fields built from the operation's
 * input schema. Each value is checked as it is typed; nothing is sent while any field is invalid.
 */
export function SubmitForm({ providers, state }: SubmitFormProps) {
  const provider = providers[state.providerIndex]
  const operation = provider?.operations[state.operationIndex]
  // biome-ignore lint/correctness/useExhaustiveDependencies: the fields depend only on these two indexes
  const { fields, skipped } = useMemo(
    () => currentFields(providers, state),
    [providers, state.providerIndex, state.operationIndex],
  )
  const { focus, values, touched, sending, serverErrors, serverMessage } = state

  const errorOf = (f: FieldSpec) => {
    const local = touched[f.name] ? checkField(f, values[f.name] ?? '').error : undefined
    return local ?? serverErrors[f.name]
  }

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
