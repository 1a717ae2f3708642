import { ProviderIdSchema } from '@darkroom/core'
import * as v from 'valibot'

/** The answer of `GET /healthz`. */
export const HealthSchema = v.object({
  /** Always `ok` when the gateway answers at all. */
  status: v.literal('ok'),
  /** `demo` when the providers are in-process emulators, else `live`. */
  mode: v.picklist(['demo', 'live']),
  /** The providers on offer. */
  providers: v.array(ProviderIdSchema),
  /** The gateway's version. */
  version: v.string(),
})

/** The answer of `GET /healthz`. */
export type Health = v.InferOutput<typeof HealthSchema>
