import * as v from 'valibot'
import type { OperationSpec, ProviderAdapter } from '../spec/adapter.js'
import { ProviderIdSchema } from './job.js'

/**
 * The gateway's answers besides `Job`, as one contract: the gateway declares its OpenAPI from
 * these and the client validates what it receives against the very same schemas.
 */

/** One operation as `GET /v1/providers` lists it. */
export const OperationInfoSchema = v.object({
  name: v.string(),
  label: v.string(),
  description: v.string(),
  capabilities: v.object({
    progress: v.boolean(),
    queuePosition: v.boolean(),
    eta: v.boolean(),
    imageUrls: v.boolean(),
  }),
  /** The operation's input as JSON Schema. */
  inputSchema: v.record(v.string(), v.unknown()),
})

/** The answer of `GET /v1/providers`. */
export const ProvidersAnswerSchema = v.object({
  providers: v.array(v.object({ id: ProviderIdSchema, operations: v.array(OperationInfoSchema) })),
})

/** One provider as `GET /v1/providers` lists it. */
export type ProviderListing = v.InferOutput<typeof ProvidersAnswerSchema>['providers'][number]

/**
 * What a providers listing says of one provider (an adapter or a catalogue entry): the gateway's `GET /v1/providers` and the direct
 * client's `providers.list()` alike. `inputSchema` gives each operation's input as JSON Schema.
 */
export function describeProvider(
  adapter: Pick<ProviderAdapter, 'id' | 'operations'>,
  inputSchema: (spec: OperationSpec) => Record<string, unknown>,
): ProviderListing {
  return {
    id: adapter.id,
    operations: Object.values(adapter.operations).map((spec) => ({
      name: spec.name,
      label: spec.label,
      description: spec.description,
      capabilities: spec.capabilities,
      inputSchema: inputSchema(spec),
    })),
  }
}

/** An `application/problem+json` body (RFC 9457) with Darkroom's extension members. */
export const ProblemSchema = v.object({
  type: v.string(),
  title: v.string(),
  status: v.number(),
  detail: v.string(),
  /** Core's error codes plus the gateway's own (`method_not_allowed`, `payload_too_large`, `internal`). */
  code: v.string(),
  retryable: v.boolean(),
  requestId: v.string(),
  /** For invalid input: each field and what was wrong with it. */
  errors: v.optional(v.array(v.object({ field: v.string(), message: v.string() }))),
})
