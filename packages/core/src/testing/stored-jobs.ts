import { systemClock } from '../clock/clock.js'
import { encodeHandle } from '../model/handle.js'
import type { JobState, ProviderId } from '../model/job.js'
import { baseJob } from '../providers/shared/index.js'
import type { StoredJob } from '../store/job-store.js'

/** What a test varies about a sample job. */
export interface SampleJobOptions {
  owner?: string
  provider?: ProviderId
  state?: JobState
  /** The provider's job id. Default: `task-<n>`. */
  providerJobId?: string
  /** Default: one second apart per `n`, from 2024-06-11T08:00:00Z. */
  submittedAt?: number
  /** Default: a minute after submission while unfinished, null once terminal. */
  nextPollAt?: number | null
}

const T0 = Date.UTC(2024, 5, 11, 8, 0, 0)
const OPERATIONS = { aicontent: 'inference', speedpix: 'txt2img', aidge: 'virtual-model' } as const

/** A valid stored job, number `n`: its key is core's id for its handle, as the gateway's are. */
export function sampleJob(n: number, options: SampleJobOptions = {}): StoredJob {
  const provider = options.provider ?? 'speedpix'
  const handle = {
    provider,
    operation: OPERATIONS[provider],
    providerJobId: options.providerJobId ?? `task-${n}`,
  }
  const submittedAt = options.submittedAt ?? T0 + n * 1000
  const state = options.state ?? 'running'
  const terminal = state === 'succeeded' || state === 'failed' || state === 'canceled'
  const clock = { ...systemClock, now: () => submittedAt }
  return {
    key: encodeHandle(handle),
    handle,
    owner: options.owner ?? 'alice',
    snapshot: { ...baseJob(handle, clock), state, progress: terminal ? 1 : 0.5 },
    submittedAt,
    observedAt: submittedAt,
    nextPollAt:
      options.nextPollAt !== undefined
        ? options.nextPollAt
        : terminal
          ? null
          : submittedAt + 60_000,
    polls: 0,
    errorsInARow: 0,
  }
}
