import { JobHandleSchema, JobSchema, JobStateSchema, ProviderIdSchema } from '@darkroom/core'
import { parseArgument } from '@darkroom/core/provider-kit'
import * as v from 'valibot'

const epochMs = v.pipe(
  v.number(),
  v.safeInteger('must be a whole number of epoch milliseconds'),
  v.minValue(0, 'must not be negative'),
)
const counter = v.pipe(
  v.number(),
  v.safeInteger('must be a whole number'),
  v.minValue(0, 'must not be negative'),
)
const name = v.pipe(v.string(), v.minLength(1, 'must not be empty'))

/**
 * A `StoredJob` as the store accepts and reads it back: core's `JobSchema` and `JobHandleSchema`,
 * whole-millisecond times, and a snapshot of the handle's own job (the columns lists filter on
 * come from both, so they must agree).
 */
export const StoredJobSchema = v.pipe(
  v.strictObject({
    key: name,
    handle: JobHandleSchema,
    owner: name,
    snapshot: JobSchema,
    submittedAt: epochMs,
    observedAt: epochMs,
    nextPollAt: v.nullable(epochMs),
    polls: counter,
    errorsInARow: counter,
  }),
  v.forward(
    v.check(
      ({ handle, snapshot }) =>
        snapshot.provider === handle.provider &&
        snapshot.operation === handle.operation &&
        snapshot.providerJobId === handle.providerJobId,
      "must be the handle's job (the same provider, operation and providerJobId)",
    ),
    ['snapshot'],
  ),
)

/** A scheduler's update: only the fields it may change, each checked like the stored ones. */
export const StoredJobUpdateSchema = v.strictObject({
  snapshot: v.optional(JobSchema),
  observedAt: v.optional(epochMs),
  nextPollAt: v.optional(v.nullable(epochMs)),
  polls: v.optional(counter),
  errorsInARow: v.optional(counter),
})

/** `list`'s query. */
export const JobListQuerySchema = v.strictObject({
  owner: name,
  state: v.optional(JobStateSchema),
  provider: v.optional(ProviderIdSchema),
  limit: v.pipe(v.number(), v.safeInteger('must be a whole number'), v.minValue(1)),
  cursor: v.optional(v.string()),
})

/** `unfinished`'s query. */
export const UnfinishedQuerySchema = v.strictObject({
  owner: v.optional(name),
  provider: v.optional(ProviderIdSchema),
})

/** `prune`'s options. */
export const JobPruneOptionsSchema = v.strictObject({ owner: v.optional(name), keep: counter })

/** A job key as `get` and `update` take it. */
export const KeySchema = name

/**
 * Checks an argument of the store's method `call`; throws core's `InvalidInputError` naming the
 * method and each field that is wrong.
 */
export function checkArgument<S extends v.GenericSchema>(
  schema: S,
  value: unknown,
  call: string,
): v.InferOutput<S> {
  return parseArgument(schema, value, { subject: `argument to the job store's ${call}()`, call })
}
