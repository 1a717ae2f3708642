import { toJsonSchema } from '@valibot/to-json-schema'
import type { OperationSpec } from '../../spec/adapter.js'

/** A JSON Schema document (draft 2020-12 subset), as plain data. */
export type JsonSchema = Record<string, unknown>

const cache = new WeakMap<OperationSpec, JsonSchema>()

/**
 * An operation's input as JSON Schema, for the gateway's OpenAPI document and the terminal's
 * forms. Generated from the same valibot schema that validates the input, so they never drift.
 */
export function operationInputJsonSchema(spec: OperationSpec): JsonSchema {
  let schema = cache.get(spec)
  if (!schema) {
    schema = toJsonSchema(spec.input, {
      errorMode: 'ignore',
      target: 'draft-2020-12',
    }) as JsonSchema
    cache.set(spec, schema)
  }
  return schema
}
