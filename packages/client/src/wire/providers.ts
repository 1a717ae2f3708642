import type { OperationSpec, ProviderAdapter } from '@darkroom/core'
import { ProviderIdSchema } from '@darkroom/core'
import * as v from 'valibot'

/** One operation as a provider offers it: enough to build a form and to know what to show. */
export const OperationInfoSchema = v.object({
  /** The name `jobs.create` takes, e.g. `txt2img`. */
  name: v.string(),
  /** A short human label, e.g. "Text to image". */
  label: v.string(),
  /** One or two sentences, for forms and help. */
  description: v.string(),
  /** What the provider reports while the job runs, so UIs know what to show. */
  capabilities: v.object({
    /** Whether jobs report progress (0..1). */
    progress: v.boolean(),
    /** Whether queued jobs report how many jobs are ahead. */
    queuePosition: v.boolean(),
    /** Whether the provider estimates the time left. */
    eta: v.boolean(),
    /** Whether images come with a URL of their own (else only through `jobs.image`). */
    imageUrls: v.boolean(),
  }),
  /** The operation's input as JSON Schema (draft 2020-12), generated from the validating schema. */
  inputSchema: v.record(v.string(), v.unknown()),
})

/** One operation as a provider offers it. */
export type OperationInfo = v.InferOutput<typeof OperationInfoSchema>

/** One provider on offer and its operations. */
export const ProviderInfoSchema = v.object({
  /** The provider's id, e.g. `speedpix`. */
  id: ProviderIdSchema,
  /** The operations it runs. */
  operations: v.array(OperationInfoSchema),
})

/** One provider on offer and its operations. */
export type ProviderInfo = v.InferOutput<typeof ProviderInfoSchema>

/** The answer of `GET /v1/providers`. */
export const ProvidersAnswerSchema = v.object({
  /** The providers on offer, in the catalogue's order. */
  providers: v.array(ProviderInfoSchema),
})

/** The answer of `GET /v1/providers`. */
export type ProvidersAnswer = v.InferOutput<typeof ProvidersAnswerSchema>

/**
 * What a providers listing says of one provider (an adapter or a catalogue entry): the gateway's
 * `GET /v1/providers` and the direct client's `providers.list()` alike. `inputSchema` gives each
 * operation's input as JSON Schema.
 */
export function describeProvider(
  adapter: Pick<ProviderAdapter, 'id' | 'operations'>,
  inputSchema: (spec: OperationSpec) => Record<string, unknown>,
): ProviderInfo {
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
