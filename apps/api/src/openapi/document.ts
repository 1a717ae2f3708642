import type { ProviderId } from '@darkroom/core'

/** A JSON object: a JSON Schema or a part of the OpenAPI document. */
export type Json = Record<string, unknown>

/** The gateway's OpenAPI 3.1 document, as served at `/openapi.json`. */
export interface OpenApiDocument extends Json {
  openapi: string
  components: Json & { schemas: Record<string, Json> }
}

/**
 * Where the app gets its OpenAPI document. Node, Bun and Deno generate it in process from the
 * valibot schemas; the production Worker reads the same document, generated at build time, from
 * its static assets (which keeps the JSON Schema converter out of the Worker bundle).
 */
export type OpenApiSource = () => Promise<OpenApiDocument>

const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema'

/** The component name of one operation's input schema, e.g. `Input_aidge_virtual_model`. */
export function inputSchemaName(provider: string, operation: string): string {
  return `Input_${provider}_${operation.replaceAll('-', '_')}`
}

/**
 * The document narrowed to the providers this gateway offers: other providers' input schemas
 * and `CreateJob` variants are dropped (a build-time document describes every provider).
 */
export function restrictTo(doc: OpenApiDocument, offered: readonly ProviderId[]): OpenApiDocument {
  const prefixes = offered.map((id) => `Input_${id}_`)
  const schemas = Object.fromEntries(
    Object.entries(doc.components.schemas).filter(
      ([name]) => !name.startsWith('Input_') || prefixes.some((p) => name.startsWith(p)),
    ),
  )
  const createJob = schemas.CreateJob
  if (createJob && Array.isArray(createJob.oneOf)) {
    schemas.CreateJob = {
      ...createJob,
      oneOf: createJob.oneOf.filter(
        (variant: { properties?: { provider?: { const?: unknown } } }) =>
          offered.includes(variant?.properties?.provider?.const as ProviderId),
      ),
    }
  }
  return { ...doc, components: { ...doc.components, schemas } }
}

/**
 * One operation's input JSON Schema, standalone (with `$schema`), from the document. Throws when
 * the document lacks it: a Worker deployed with assets from another build.
 */
export function inputSchemaOf(doc: OpenApiDocument, provider: string, operation: string): Json {
  const schema = doc.components.schemas[inputSchemaName(provider, operation)]
  if (!schema) {
    throw new Error(
      `The OpenAPI document has no input schema for ${provider}/${operation}; it was built from other code. Rebuild and redeploy with \`pnpm --filter @darkroom/api build\`.`,
    )
  }
  return { $schema: DRAFT_2020_12, ...schema }
}
