// Test support only: one job from submit to its end through the polling engine, in virtual time.
import {
  DurationLearner,
  decodeHandle,
  type Job,
  type JobHandle,
  JobSchema,
  type ProviderAdapter,
  type VirtualClock,
  waitForJob,
} from '@darkroom/core'
import { expect } from 'vitest'

/** A job's handle as a resuming caller gets it: decoded from its id, meta included. */
export const handleOf = (job: Job): JobHandle => decodeHandle(job.id)

/** Expects a snapshot to pass the public Job schema (its Standard Schema interface). */
function expectValidJob(job: Job): void {
  const result = JobSchema['~standard'].validate(job) as { issues?: unknown }
  expect(result.issues).toBeUndefined()
}

/** What {@link runToEnd} saw: the submit's snapshot, every update, and the final one. */
export interface RunToEnd {
  initial: Job
  seen: Job[]
  final: Job
}

/**
 * Submits, then waits with the polling engine until the job ends, all on `clock`, and expects
 * every snapshot on the way to be a valid Job.
 */
export async function runToEnd(
  adapter: ProviderAdapter,
  clock: VirtualClock,
  operation: string,
  input: unknown,
): Promise<RunToEnd> {
  const initial = await clock.run(() => adapter.submit(operation, input))
  const seen: Job[] = []
  const final = await clock.run(() =>
    waitForJob(adapter, handleOf(initial), {
      clock,
      initial,
      learner: new DurationLearner(),
      onUpdate: (job) => seen.push(job),
    }),
  )
  for (const job of [initial, ...seen, final]) expectValidJob(job)
  return { initial, seen, final }
}
