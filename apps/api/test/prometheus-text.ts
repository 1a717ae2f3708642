// A strict reader of Prometheus' text exposition format (0.0.4), for tests: it throws on any
// line the format does not allow, so a test that reads /metrics with it validates the format.

/** One sample: its metric name, labels and value. */
export interface Sample {
  name: string
  labels: Record<string, string>
  value: number
}

/** A parsed exposition: the families' types and help, and every sample in order. */
export interface Exposition {
  types: Map<string, 'counter' | 'gauge'>
  help: Map<string, string>
  samples: Sample[]
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*'
const LABEL = `([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\\\\n]|\\\\[\\\\"n])*)"`
const SAMPLE = new RegExp(`^(${NAME})(?:\\{((?:${LABEL})(?:,${LABEL})*)?\\})? (\\S+)$`)
const VALUE = /^(?:[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]Inf|NaN)$/

function unescapeLabel(value: string): string {
  return value.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c))
}

/** Parses `text`, throwing with the line for anything the format forbids. */
export function parseExposition(text: string): Exposition {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a line feed')
  const out: Exposition = { types: new Map(), help: new Map(), samples: [] }
  const finished = new Set<string>()
  let current: string | null = null
  for (const line of text.slice(0, -1).split('\n')) {
    const meta = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line)
    if (meta) {
      const [, kind, name, rest] = meta as unknown as [string, string, string, string]
      if (!new RegExp(`^${NAME}$`).test(name)) throw new Error(`bad metric name: ${line}`)
      if (name !== current) {
        if (current) finished.add(current)
        if (finished.has(name)) throw new Error(`family ${name} is split: ${line}`)
        current = name
      }
      if (kind === 'HELP') out.help.set(name, rest)
      else {
        if (rest !== 'counter' && rest !== 'gauge') throw new Error(`bad type: ${line}`)
        if (out.samples.some((s) => s.name === name)) throw new Error(`TYPE after samples: ${line}`)
        if (rest === 'counter' && !name.endsWith('_total'))
          throw new Error(`a counter must end in _total: ${line}`)
        out.types.set(name, rest)
      }
      continue
    }
    if (line.startsWith('#')) throw new Error(`unexpected comment: ${line}`)
    const match = SAMPLE.exec(line)
    if (!match) throw new Error(`not a sample line: ${line}`)
    const name = match[1] as string
    const raw = match.at(-1) as string
    if (name !== current || !out.types.has(name))
      throw new Error(`sample without its # TYPE just before: ${line}`)
    if (!VALUE.test(raw)) throw new Error(`bad value: ${line}`)
    const labels: Record<string, string> = {}
    for (const [, key, value] of (match[2] ?? '').matchAll(new RegExp(LABEL, 'g'))) {
      if (key === undefined || value === undefined) continue
      if (key in labels) throw new Error(`label ${key} twice: ${line}`)
      labels[key] = unescapeLabel(value)
    }
    out.samples.push({ name, labels, value: raw === '+Inf' ? Infinity : Number(raw) })
  }
  for (const name of out.types.keys())
    if (!out.help.has(name)) throw new Error(`family ${name} has no # HELP`)
  return out
}

/** The sum of the samples of `name` whose labels include `where`. */
export function sum(exposition: Exposition, name: string, where: Record<string, string> = {}) {
  return exposition.samples
    .filter((s) => s.name === name && Object.entries(where).every(([k, v]) => s.labels[k] === v))
    .reduce((n, s) => n + s.value, 0)
}
