import { Box, Text } from 'ink'

/** Props of {@link HelpBar}. */
export interface HelpBarProps {
  /** The current view's bindings, from its key map (`helpEntries`). */
  entries: { hint: string; label: string }[]
}

/** The keys of the current view, always on screen; on a narrow terminal whole entries wrap. */
export function HelpBar({ entries }: HelpBarProps) {
  return (
    <Box flexWrap="wrap">
      {entries.map(({ hint, label }) => (
        <Box key={hint} marginRight={2}>
          <Text inverse>{` ${hint} `}</Text>
          <Text>{` ${label}`}</Text>
        </Box>
      ))}
    </Box>
  )
}
