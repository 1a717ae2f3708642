/** One form field, derived from an operation's input JSON Schema. */
export interface FieldSpec {
  name: string
  kind: 'text' | 'number' | 'integer' | 'choice' | 'boolean' | 'list'
  required: boolean
  description: string | null
  choices: string[]
  minimum: number | null
  maximum: number | null
  minLength: number | null
  maxLength: number | null
  pattern: string | null
}

type Schema = Record<string, unknown>

const num = (value: unknown) => (typeof value === 'number' ? value : null)

function kindOf(schema: Schema): FieldSpec['kind'] | null {
  if (Array.isArray(schema.enum) && schema.enum.every((e) => typeof e === 'string')) return 'choice'
  const type = schema.type
  if (type === 'string') return 'text'
  if (type === 'integer') return 'integer'
  if (type === 'number') return 'number'
  if (type === 'boolean') return 'boolean'
  if (type === 'array' && (schema.items as Schema | undefined)?.type === 'string') return 'list'
  return null
}

/**
 * The fields a form can edit: strings, numbers, choices, booleans and lists of strings. Anything
 * more complex (nested objects such as ControlNet units) is left to `--input` JSON on the command
 * line, and named in `skipped`.
 */
export function fieldsFromSchema(schema: Schema): { fields: FieldSpec[]; skipped: string[] } {
  const properties = (schema.properties ?? {}) as Record<string, Schema>
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : [])
  const fields: FieldSpec[] = []
  const skipped: string[] = []
  for (const [name, prop] of Object.entries(properties)) {
    const kind = kindOf(prop)
    if (!kind) {
      skipped.push(name)
      continue
    }
    fields.push({
      name,
      kind,
      required: required.has(name),
      description: typeof prop.description === 'string' ? prop.description : null,
      choices:
        kind === 'choice' ? (prop.enum as string[]) : kind === 'boolean' ? ['true', 'false'] : [],
      minimum: num(prop.minimum) ?? num(prop.exclusiveMinimum),
      maximum: num(prop.maximum) ?? num(prop.exclusiveMaximum),
      minLength: num(prop.minLength),
      maxLength: num(prop.maxLength),
      pattern: typeof prop.pattern === 'string' ? prop.pattern : null,
    })
  }
  // Required fields first, the rest in schema order.
  fields.sort((a, b) => Number(b.required) - Number(a.required))
  return { fields, skipped }
}

/** Checks one raw value; returns the typed value, or an error that says what is expected. */
export function checkField(field: FieldSpec, raw: string): { value?: unknown; error?: string } {
  const text = raw.trim()
  if (text === '') return field.required ? { error: 'required' } : {}
  switch (field.kind) {
    case 'integer':
    case 'number': {
      const value = Number(text)
      if (!Number.isFinite(value) || (field.kind === 'integer' && !Number.isInteger(value))) {
        return { error: field.kind === 'integer' ? 'expected a whole number' : 'expected a number' }
      }
      if (field.minimum !== null && value < field.minimum)
        return { error: `expected at least ${field.minimum}` }
      if (field.maximum !== null && value > field.maximum)
        return { error: `expected at most ${field.maximum}` }
      return { value }
    }
    case 'choice':
      return field.choices.includes(text)
        ? { value: text }
        : { error: `expected one of ${field.choices.join(', ')}` }
    case 'boolean':
      return text === 'true' || text === 'false'
        ? { value: text === 'true' }
        : { error: 'expected true or false' }
    case 'list': {
      const items = text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
      return items.length > 0
        ? { value: items }
        : { error: 'expected one or more values, comma-separated' }
    }
    default: {
      if (field.minLength !== null && text.length < field.minLength)
        return { error: `expected at least ${field.minLength} characters` }
      if (field.maxLength !== null && text.length > field.maxLength)
        return { error: `expected at most ${field.maxLength} characters` }
      if (field.pattern !== null) {
        try {
          if (!new RegExp(field.pattern, 'u').test(text))
            return { error: `expected to match ${field.pattern}` }
        } catch {
          // A pattern JavaScript cannot compile is left to the provider's own check.
        }
      }
      return { value: text }
    }
  }
}

/** Builds the input from raw values; `errors` is empty when everything is valid. */
export function buildInput(
  fields: FieldSpec[],
  values: Record<string, string>,
): { input: Record<string, unknown>; errors: Record<string, string> } {
  const input: Record<string, unknown> = {}
  const errors: Record<string, string> = {}
  for (const field of fields) {
    const { value, error } = checkField(field, values[field.name] ?? '')
    if (error) errors[field.name] = error
    else if (value !== undefined) input[field.name] = value
  }
  return { input, errors }
}
