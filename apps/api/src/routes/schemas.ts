import {
  JobSchema,
  operationInputJsonSchema,
  PROVIDER_IDS,
  type ProviderAdapter,
} from '@darkroom/core'
import * as v from 'valibot'

/** The body of `POST /v1/jobs`. The input itself is validated by the operation's own schema. */
export const CreateJobSchema = v.strictObject({
  provider: v.picklist(PROVIDER_IDS, `provider must be one of ${PROVIDER_IDS.join(', ')}`),
  operation: v.pipe(
    v.string('operation must be a string'),
    v.minLength(1, 'operation must not be empty'),
  ),
  input: v.record(
    v.string(),
    v.unknown(),
    "input must be a JSON object with the operation's fields",
  ),
})

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
  inputSchema: v.record(v.string(), v.unknown()),
})

/** The answer of `GET /v1/providers`. */
export const ProvidersSchema = v.object({
  providers: v.array(
    v.object({ id: v.picklist(PROVIDER_IDS), operations: v.array(OperationInfoSchema) }),
  ),
})

/** The answer of `GET /healthz`. */
export const HealthSchema = v.object({
  status: v.literal('ok'),
  mode: v.picklist(['demo', 'live']),
  providers: v.array(v.picklist(PROVIDER_IDS)),
  version: v.string(),
})

export { JobSchema }

/** What `GET /v1/providers` says of one adapter. */
export function describeAdapter(adapter: ProviderAdapter) {
  return {
    id: adapter.id,
    operations: Object.values(adapter.operations).map((spec) => ({
      name: spec.name,
      label: spec.label,
      description: spec.description,
      capabilities: spec.capabilities,
      inputSchema: operationInputJsonSchema(spec),
    })),
  }
}
