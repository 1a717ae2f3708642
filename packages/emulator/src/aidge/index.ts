import { systemClock } from '@darkroom/core'
import {
  type BaseEmulatorOptions,
  type Emulator,
  inProcessFetch,
} from '../shared/emulator-options.js'
import type { Distribution } from '../simulator/distributions.js'
import { createJobSimulator, type JobSimulator } from '../simulator/job-simulator.js'
import { createRng } from '../simulator/rng.js'
import { createAidgeApp } from './aidge-app.js'
import type { AidgeCredentials } from './aidge-auth.js'
import type { AidgeJobMeta } from './aidge-results.js'

export type { AidgeCredentials } from './aidge-auth.js'

/** Demo credentials the emulator accepts by default: not secrets, printed by `pnpm emulator`. */
export const AIDGE_DEFAULT_CREDENTIALS: AidgeCredentials = Object.freeze({
  accessKeyName: 'demo-access-key-name',
  accessKeySecret: 'demo-access-key-secret',
})

/** Aidge's own timings: a short queue, then about 15 s of generation (5–45 s). */
export const AIDGE_DEFAULT_QUEUE_WAIT: Distribution = { kind: 'uniform', minMs: 1000, maxMs: 4000 }
/** See {@link AIDGE_DEFAULT_QUEUE_WAIT}. */
export const AIDGE_DEFAULT_RUN_TIME: Distribution = {
  kind: 'lognormal',
  medianMs: 15_000,
  sigma: 0.4,
  minMs: 5000,
  maxMs: 45_000,
}

/** Options of {@link createAidgeEmulator}. */
export interface AidgeEmulatorOptions extends BaseEmulatorOptions {
  /** The key pair it accepts. Default {@link AIDGE_DEFAULT_CREDENTIALS}. */
  credentials?: AidgeCredentials | undefined
  /**
   * Submissions each key may make on paid quota (no `x-iop-trial`), to exercise
   * `quota_exhausted`. Default unlimited.
   */
  paidQuota?: number | undefined
  /** Submissions each key may make with `x-iop-trial: true`. Default unlimited. */
  trialQuota?: number | undefined
  /** Key that signs result-image URLs. Default: derived from the seed, so URLs replay. */
  imageUrlSecret?: string | undefined
}

/**
 * Creates the Aidge emulator: the gateway's signature checks, `resCode` envelopes, tasks moving
 * `submitted → running → finished` on the clock, and real PNGs at expiring signed URLs.
 */
export function createAidgeEmulator(
  options: AidgeEmulatorOptions = {},
): Emulator<AidgeCredentials> {
  const clock = options.clock ?? systemClock
  const seed = options.seed ?? 1
  const credentials = options.credentials ?? AIDGE_DEFAULT_CREDENTIALS
  const simulator: JobSimulator<AidgeJobMeta> = createJobSimulator<AidgeJobMeta>({
    state: options.state && { store: options.state, namespace: 'aidge' },
    clock,
    seed,
    queueWait: options.queueWait ?? AIDGE_DEFAULT_QUEUE_WAIT,
    runTime: options.runTime ?? AIDGE_DEFAULT_RUN_TIME,
    etaNoise: options.etaNoise,
    idLength: 32,
  })
  const app = createAidgeApp({
    credentials: [credentials],
    clock,
    rng: createRng(seed).fork('aidge'),
    simulator,
    faults: options.faults ?? {},
    imageUrlTtlMs: options.imageUrlTtlMs ?? 3_600_000,
    imageUrlSecret: options.imageUrlSecret ?? `aidge-emulator-images-${seed}`,
    quota: {
      paid: options.paidQuota ?? Number.POSITIVE_INFINITY,
      trial: options.trialQuota ?? Number.POSITIVE_INFINITY,
    },
  })
  return {
    app,
    fetch: inProcessFetch(app),
    simulator: simulator as JobSimulator<unknown>,
    credentials,
  }
}
