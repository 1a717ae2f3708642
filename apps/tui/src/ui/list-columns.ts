/** The job list's columns, in the order they are drawn. */
export const LIST_COLUMNS = [
  'provider',
  'operation',
  'id',
  'state',
  'progress',
  'queue',
  'eta',
  'age',
] as const

/** One of {@link LIST_COLUMNS}. */
export type ListColumn = (typeof LIST_COLUMNS)[number]

/** Each column's heading and width in cells (padding included). */
export const COLUMN_SPEC: Record<ListColumn, { header: string; width: number }> = {
  provider: { header: 'PROVIDER', width: 10 },
  operation: { header: 'OPERATION', width: 19 },
  id: { header: 'ID', width: 12 },
  state: { header: 'STATE', width: 11 },
  progress: { header: 'PROGRESS', width: 18 },
  queue: { header: 'QUEUE', width: 7 },
  eta: { header: 'ETA', width: 8 },
  age: { header: 'AGE', width: 6 },
}

/** Which columns stay when the terminal is narrow, the most telling first. */
const KEEP_ORDER: readonly ListColumn[] = [
  'state',
  'provider',
  'operation',
  'progress',
  'eta',
  'id',
  'queue',
  'age',
]

/** The selection marker before each row (`> `). */
export const MARKER_WIDTH = 2

/**
 * The columns that fit `width` cells, in drawing order: a row never wraps. Columns are kept in
 * {@link KEEP_ORDER} while they fit; a narrow terminal loses the age, the queue and the id first.
 */
export function columnsFor(width: number): ListColumn[] {
  const kept = new Set<ListColumn>()
  let used = MARKER_WIDTH
  for (const column of KEEP_ORDER) {
    const next = used + COLUMN_SPEC[column].width
    if (next <= width) {
      kept.add(column)
      used = next
    }
  }
  return LIST_COLUMNS.filter((column) => kept.has(column))
}
