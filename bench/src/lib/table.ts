/** A cell: numbers are right-aligned, everything else left-aligned. */
export type Cell = string | number

/**
 * Renders rows as a plain-text table with a header rule, the way it is pasted into the README
 * (GitHub renders it as Markdown too: columns are separated by pipes).
 */
export function formatTable(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const text = rows.map((row) => row.map((cell) => (typeof cell === 'number' ? fmt(cell) : cell)))
  const widths = header.map((h, i) => Math.max(h.length, ...text.map((r) => (r[i] ?? '').length)))
  const numeric = header.map((_, i) => rows.every((r) => typeof r[i] === 'number'))
  const line = (cells: readonly string[]) =>
    `| ${cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join(' | ')} |`
  const rule = `|${widths.map((w, i) => (numeric[i] ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`
  return [line(header), rule, ...text.map(line)].join('\n')
}

/** Numbers as a reader wants them: integers plain, others with up to two decimals. */
export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n)
  if (Number.isInteger(n)) return String(n)
  const abs = Math.abs(n)
  return n.toFixed(abs >= 100 ? 0 : abs >= 10 ? 1 : 2)
}
