import { JobSchema, PROVIDER_IDS, ProvidersAnswerSchema } from '@darkroom/core'
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

/** A valid body of `POST /v1/jobs`. */
export type CreateJob = v.InferOutput<typeof CreateJobSchema>

/** The answer of `GET /v1/providers`: core's contract, which the client validates against. */
export const ProvidersSchema = ProvidersAnswerSchema

/** The answer of `GET /healthz`. */
export const HealthSchema = v.object({
  status: v.literal('ok'),
  mode: v.picklist(['demo', 'live']),
  providers: v.array(v.picklist(PROVIDER_IDS)),
  version: v.string(),
})

export { JobSchema }
