import type { ProviderInfo } from '@darkroom/client'
import { Box, Text } from 'ink'
import type { ImportState } from './views/import-view.js'

/** Props of {@link ImportForm}. */
export interface ImportFormProps {
  providers: ProviderInfo[]
  /** The form as the dashboard's keys left it (see `IMPORT_KEYS`). */
  state: ImportState
}

/** Brings in a job submitted elsewhere, by provider, operation and the provider's own job id. */
export function ImportForm({ providers, state }: ImportFormProps) {
  const { focus, providerJobId: id, error, serverMessage: message } = state
  const provider = providers[state.providerIndex]
  const operation = provider?.operations[state.operationIndex]
  const mark = (i: number) => (focus === i ? '› ' : '  ')
  return (
    <Box flexDirection="column">
      <Text bold>Import a job submitted elsewhere</Text>
      <Text>{`${mark(0)}${'provider'.padEnd(18)}‹ ${provider?.id ?? '—'} ›`}</Text>
      <Text>{`${mark(1)}${'operation'.padEnd(18)}‹ ${operation?.name ?? '—'} ›`}</Text>
      <Text>
        {`${mark(2)}${'provider job id'.padEnd(18)}${id}`}
        {focus === 2 && <Text inverse> </Text>}
      </Text>
      {(error || message) && <Text color="red">{`    ✗ ${error ?? message}`}</Text>}
      <Text dimColor> Enter import · Tab/↑/↓ move · ←/→ choose · Esc cancel</Text>
    </Box>
  )
}
