import { systemClock } from '@darkroom/core'
import {
  type BaseEmulatorOptions,
  type Emulator,
  inProcessFetch,
} from '../shared/emulator-options.js'
import type { Distribution } from '../simulator/distributions.js'
import { createJobSimulator, type JobSimulator } from '../simulator/job-simulator.js'
import { createRng } from '../simulator/rng.js'
import { createAicontentApp } from './aicontent-app.js'
import type { AicontentCredentials } from './aicontent-auth.js'
import type { JobMeta } from './aicontent-jobs.js'
import { createRegistry } from './aicontent-registry.js'

export type { AicontentCredentials } from './aicontent-auth.js'

/** The AccessKey pair the emulator accepts unless told otherwise; demo values, not secrets. */
export const AICONTENT_DEFAULT_CREDENTIALS: AicontentCredentials = Object.freeze({
  accessKeyId: 'demo-access-key-id',
  accessKeySecret: 'demo-access-key-secret',
})

/** Options of {@link createAicontentEmulator}. `imageUrlTtlMs` is unused: AI Content has no image URLs. */
export interface AicontentEmulatorOptions extends BaseEmulatorOptions {
  /** The AccessKey pair requests must be signed with. Default {@link AICONTENT_DEFAULT_CREDENTIALS}. */
  credentials?: AicontentCredentials | undefined
  /**
   * Run time of inference jobs (custom and pre-model). Default: log-normal, median 12 s,
   * clamped to 4–40 s. `queueWait` defaults to uniform 1–4 s for every kind.
   */
  runTime?: Distribution | undefined
  /**
   * Run time of training jobs, much longer than inference: fine-tuning a model takes minutes on
   * the real service. Default: log-normal, median 60 s, clamped to 20–300 s.
   */
  trainRunTime?: Distribution | undefined
  /**
   * Model ids trained before the emulator started, ready for `inference` at once (so a demo need
   * not train first). Default `['demo-model']`.
   */
  presetModels?: readonly string[] | undefined
  /** Pixel size of generated images. Default 512×512, the size of the service's SD models. */
  imageSize?: { width: number; height: number } | undefined
}

const DEFAULT_QUEUE_WAIT: Distribution = { kind: 'uniform', minMs: 1000, maxMs: 4000 }
const DEFAULT_RUN_TIME: Distribution = {
  kind: 'lognormal',
  medianMs: 12_000,
  sigma: 0.4,
  minMs: 4000,
  maxMs: 40_000,
}
const DEFAULT_TRAIN_RUN_TIME: Distribution = {
  kind: 'lognormal',
  medianMs: 60_000,
  sigma: 0.4,
  minMs: 20_000,
  maxMs: 300_000,
}

/**
 * Creates the AI Content emulator: an app that answers like `aicontent.aliyuncs.com` (envelopes,
 * status words, the gateway's signature checks) on the given clock. Jobs wait as SUBMITTED →
 * WAIT_SCHEDULE, or NOT_START, then move INFERRING (TRAINING) → FINISHED; both success
 * envelopes (errCode `UNKNOWN_ERROR` or null) occur. `[[fail:<word or errCode>]]` in a prompt
 * (for training: in name or objectType) ends a job that way, `[[duration:<s>]]` sets its run
 * time, `[[status-error:<code>]]` makes its status calls answer that code while it is pending.
 */
export function createAicontentEmulator(
  options: AicontentEmulatorOptions = {},
): Emulator<AicontentCredentials> {
  const clock = options.clock ?? systemClock
  const seed = options.seed ?? 1
  const credentials = options.credentials ?? AICONTENT_DEFAULT_CREDENTIALS
  const simulator: JobSimulator<JobMeta> = createJobSimulator<JobMeta>({
    state: options.state && { store: options.state, namespace: 'aicontent' },
    clock,
    seed,
    queueWait: options.queueWait ?? DEFAULT_QUEUE_WAIT,
    runTime: options.runTime ?? DEFAULT_RUN_TIME,
    etaNoise: options.etaNoise,
    idLength: 20,
  })
  const imageSize = options.imageSize ?? { width: 512, height: 512 }
  for (const side of [imageSize.width, imageSize.height]) {
    if (!Number.isInteger(side) || side < 1 || side > 2048) {
      throw new RangeError(`createAicontentEmulator: imageSize sides must be integers in 1..2048`)
    }
  }
  const registry = createRegistry(simulator, imageSize, options.presetModels ?? ['demo-model'])
  const app = createAicontentApp({
    clock,
    rng: createRng(seed).fork('aicontent'),
    credentials,
    registry,
    faults: options.faults ?? {},
    trainRunTime: options.trainRunTime ?? DEFAULT_TRAIN_RUN_TIME,
  })
  return {
    app,
    fetch: inProcessFetch(app),
    simulator: simulator as JobSimulator<unknown>,
    credentials,
  }
}
