import { Text } from 'ink'

/** Props of {@link FilterLine}. */
export interface FilterLineProps {
  filter: string
  /** The filter is being typed: shown even while empty, with a cursor. */
  typing: boolean
}

/** The list's filter, under the list while one is typed or applied. */
export function FilterLine({ filter, typing }: FilterLineProps) {
  if (!typing && !filter) return null
  return <Text>{`filter: ${filter}${typing ? '▏' : ''}`}</Text>
}
