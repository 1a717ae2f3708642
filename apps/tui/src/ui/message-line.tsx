import { Text } from 'ink'

/** The last thing worth saying (a notice, a submit, a problem), until the next one. */
export function MessageLine({ message }: { message: string | null }) {
  return message ? <Text color="yellow">{message}</Text> : null
}
