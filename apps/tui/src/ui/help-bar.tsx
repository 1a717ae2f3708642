import { Box, Text } from 'ink'

/** Props of {@link HelpBar}. */
export interface HelpBarProps {
  /** The current view's bindings, from its key map (`helpEntries`). */
  entries: { hint: string; label: string }[]
}

/** The keys of the current view, always on screen. */
export function HelpBar({ entries }: HelpBarProps) {
  return (
    <Box>
      {entries.map(({ hint, label }) => (
        <Box key={hint} marginRight={2}>
          <Text inverse>{` ${hint} `}</Text>
          <Text>{` ${label}`}</Text>
        </Box>
      ))}
    </Box>
  )
}
