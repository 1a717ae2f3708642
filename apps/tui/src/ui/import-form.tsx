import type { ProviderInfo } from '@darkroom/client'
import { Box, Text, useInput } from 'ink'
import { useState } from 'react'

/** Props of {@link ImportForm}. */
export interface ImportFormProps {
  providers: ProviderInfo[]
  onImport(request: { provider: string; operation: string; providerJobId: string }): Promise<void>
  onCancel(): void
  message: string | null
}

/** Brings in a job submitted elsewhere, by provider, operation and the provider's own job id. */
export function ImportForm({ providers, onImport, onCancel, message }: ImportFormProps) {
  const [focus, setFocus] = useState(2)
  const [p, setP] = useState(0)
  const [o, setO] = useState(0)
  const [id, setId] = useState('')
  const [error, setError] = useState<string | null>(null)
  const provider = providers[p]
  const operation = provider?.operations[o]
  useInput((input, key) => {
    if (key.escape) return onCancel()
    if (key.tab || key.downArrow) return setFocus((f) => (f + (key.shift ? 2 : 1)) % 3)
    if (key.upArrow) return setFocus((f) => (f + 2) % 3)
    const step = key.leftArrow ? -1 : key.rightArrow ? 1 : 0
    if (focus === 0 && step) {
      setP((i) => (i + step + providers.length) % providers.length)
      setO(0)
    } else if (focus === 1 && step && provider) {
      setO((i) => (i + step + provider.operations.length) % provider.operations.length)
    } else if (key.return) {
      if (!id.trim()) return setError('the provider job id is required')
      if (!provider || !operation) return
      setError(null)
      void onImport({ provider: provider.id, operation: operation.name, providerJobId: id.trim() })
    } else if (focus === 2) {
      if (key.backspace || key.delete) setId((s) => s.slice(0, -1))
      else if (input && !key.ctrl && !key.meta) setId((s) => s + input)
    }
  })
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
