import { Box, Text } from 'ink'

/** The keys of the current view, always on screen. */
export function HelpBar({ keys }: { keys: [string, string][] }) {
  return (
    <Box>
      {keys.map(([key, label]) => (
        <Box key={key} marginRight={2}>
          <Text inverse>{` ${key} `}</Text>
          <Text>{` ${label}`}</Text>
        </Box>
      ))}
    </Box>
  )
}
