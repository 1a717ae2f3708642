/**
 * The emulator's records beside the simulator: which model id belongs to which training job,
 * and which custom-model job a (model, prompt) pair names, so every lookup the API allows is
 * one map access.
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

/**
 * Creates the registry. `presetModels` are models trained before the emulator started (ready at
 * once), so `inference` can be tried without a training job first.
 */
export function createRegistry(
  simulator: JobSimulator<JobMeta>,
  size: { width: number; height: number },
  presetModels: readonly string[],
): Registry {
  const models = new Map<string, string>()
  const prompts = new Map<string, string>()
  const key = (modelId: string, promptId: string) => `${modelId}\n${promptId}`

  const registry: Registry = {
    submit(job) {
      const meta: JobMeta = {
        kind: job.kind,
        outcome: job.outcome,
        statusError: job.markers.statusError,
        firstWord: job.firstWord,
        ...job.meta,
      }
      const snapshot = simulator.submit({
        markers: { fail: job.outcome ? 'failed' : null, durationMs: job.markers.durationMs },
        imageCount: job.imageCount,
        ...size,
        meta,
        runTime: job.runTime,
      })
      if (job.kind === 'train') {
        const modelId = modelIdOf(snapshot.id)
        models.set(modelId, snapshot.id)
      } else if (job.kind === 'custom' && meta.modelId) {
        meta.promptId = `promptId-${snapshot.id}`
        prompts.set(key(meta.modelId, meta.promptId), snapshot.id)
      } else if (job.kind === 'premodel') {
        // The service fills both on pre-model jobs too (its own model, made from the images);
        // neither serves a lookup: their images are fetched by image id alone.
        meta.modelId = modelIdOf(snapshot.id)
        meta.promptId = `promptId-${snapshot.id}`
      }
      return snapshot
    },
    job(kind, id) {
      const snapshot = simulator.get(id)
      return snapshot?.meta?.kind === kind ? snapshot : undefined
    },
    model(modelId) {
      const id = models.get(modelId)
      return id === undefined ? undefined : simulator.get(id)
    },
    prompt(modelId, promptId) {
      const id = prompts.get(key(modelId, promptId))
      return id === undefined ? undefined : simulator.get(id)
    },
    models() {
      return [...models].flatMap(([modelId, id]) => {
        const job = simulator.get(id)
        return job ? [{ modelId, job }] : []
      })
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

  for (const modelId of presetModels) {
    const snapshot = simulator.submit({
      imageCount: 0,
      ...size,
      queueWait: ZERO,
      runTime: ZERO,
      meta: { kind: 'train', outcome: null, name: modelId, objectType: 'dog', imageUrl: [] },
    })
    models.set(modelId, snapshot.id)
  }
  return registry
}
