/**
 * The emulator's lookups over the simulator: which training job a model id names, and which
 * custom-model job a (model, prompt) pair names, both read from the ids themselves.
 */
import type { Distribution } from '../simulator/distributions.js'
import type { JobSimulator } from '../simulator/job-simulator.js'
import type { Markers } from '../simulator/markers.js'
import {
  type AicontentSnapshot,
  errCodeNow,
  type JobKind,
  type JobMeta,
  type Outcome,
  statusWord,
} from './aicontent-jobs.js'

/** What a submit handler knows about a new job. */
export interface NewJob {
  kind: JobKind
  markers: Markers
  outcome: Outcome
  imageCount: number
  meta: Omit<JobMeta, 'kind' | 'outcome' | 'firstWord'>
  /** The word it waits under (see `JobMeta.firstWord`). */
  firstWord: 'NOT_START' | 'SUBMITTED'
  runTime?: Distribution | undefined
}

/** Lookups of the emulator's jobs by the ids the API uses. */
export interface Registry {
  submit(job: NewJob): AicontentSnapshot
  /** A job of `kind` by its job id; undefined for unknown ids and jobs of another kind. */
  job(kind: JobKind, id: string): AicontentSnapshot | undefined
  /** The training job of a model id. */
  model(modelId: string): AicontentSnapshot | undefined
  /** The custom-model job of a (model, prompt) pair. */
  prompt(modelId: string, promptId: string): AicontentSnapshot | undefined
  /** Every model id with its training job, oldest first. */
  models(): Array<{ modelId: string; job: AicontentSnapshot }>
  /** Custom-model jobs of one model, oldest first. */
  inferencesOf(modelId: string): AicontentSnapshot[]
  /** True when a model can serve inference now. */
  ready(modelId: string): boolean
}

const ZERO: Distribution = { kind: 'fixed', ms: 0 }

/** Model ids are the training job id with a prefix, as the service's `modelId-...` examples. */
export const modelIdOf = (jobId: string): string => `modelId-${jobId}`

const PROMPT_PREFIX = 'promptId-'

/**
 * Creates the registry. `presetModels` are models trained before the emulator started (ready at
 * once), so `inference` can be tried without a training job first. Every lookup is made from the
 * simulator's jobs (model and prompt ids are made from job ids), never from a map of this
 * process's own, so with a shared simulator state a model trained by one process serves
 * inference in the next; a preset model is submitted once per state, not once per process.
 */
export function createRegistry(
  simulator: JobSimulator<JobMeta>,
  size: { width: number; height: number },
  presetModels: readonly string[],
): Registry {
  const presets = new Map<string, string>()
  const modelIdOfJob = (job: AicontentSnapshot): string => job.meta?.preset ?? modelIdOf(job.id)

  const registry: Registry = {
    submit(job) {
      const meta: JobMeta = {
        kind: job.kind,
        outcome: job.outcome,
        statusError: job.markers.statusError,
        firstWord: job.firstWord,
        ...job.meta,
      }
      return simulator.submit({
        markers: { fail: job.outcome ? 'failed' : null, durationMs: job.markers.durationMs },
        imageCount: job.imageCount,
        ...size,
        meta,
        runTime: job.runTime,
        // The service fills both on pre-model jobs too (its own model, made from the images);
        // neither serves a lookup: their images are fetched by image id alone.
        metaFromId: (id): Partial<JobMeta> =>
          job.kind === 'custom' && meta.modelId
            ? { promptId: `${PROMPT_PREFIX}${id}` }
            : job.kind === 'premodel'
              ? { modelId: modelIdOf(id), promptId: `${PROMPT_PREFIX}${id}` }
              : {},
      })
    },
    job(kind, id) {
      const snapshot = simulator.get(id)
      return snapshot?.meta?.kind === kind ? snapshot : undefined
    },
    model(modelId) {
      const preset = presets.get(modelId)
      if (preset !== undefined) return simulator.get(preset)
      const prefix = modelIdOf('')
      if (!modelId.startsWith(prefix)) return undefined
      const job = registry.job('train', modelId.slice(prefix.length))
      return job?.meta?.preset === undefined ? job : undefined
    },
    prompt(modelId, promptId) {
      if (!promptId.startsWith(PROMPT_PREFIX)) return undefined
      const job = registry.job('custom', promptId.slice(PROMPT_PREFIX.length))
      return job?.meta?.modelId === modelId ? job : undefined
    },
    models() {
      return simulator
        .list()
        .filter((job) => job.meta?.kind === 'train')
        .map((job) => ({ modelId: modelIdOfJob(job), job }))
    },
    inferencesOf(modelId) {
      return simulator
        .list()
        .filter((job) => job.meta?.kind === 'custom' && job.meta.modelId === modelId)
    },
    ready(modelId) {
      const job = registry.model(modelId)
      return job !== undefined && errCodeNow(job) === null && statusWord(job) === 'FINISHED'
    },
  }

  const stored = simulator.list()
  for (const modelId of presetModels) {
    const found = stored.find((job) => job.meta?.kind === 'train' && job.meta.preset === modelId)
    const snapshot =
      found ??
      simulator.submit({
        imageCount: 0,
        ...size,
        queueWait: ZERO,
        runTime: ZERO,
        meta: {
          kind: 'train',
          outcome: null,
          name: modelId,
          objectType: 'dog',
          imageUrl: [],
          preset: modelId,
        },
      })
    presets.set(modelId, snapshot.id)
  }
  return registry
}
