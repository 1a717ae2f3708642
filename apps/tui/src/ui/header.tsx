import { Box, Text } from 'ink'
import type { Connection } from '../connect.js'

/** The app's name, and how it is connected (highlighted in demo mode). */
export function Header({ connection }: { connection: Connection }) {
  const demo = connection.mode === 'demo'
  return (
    <Box justifyContent="space-between">
      <Text bold>darkroom</Text>
      <Text color={demo ? 'black' : undefined} backgroundColor={demo ? 'yellow' : undefined}>
        {` ${connection.label} `}
      </Text>
    </Box>
  )
}
