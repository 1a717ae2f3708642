import type { Clock } from '@darkroom/core'
import { type Distribution, sample } from './distributions.js'
import type { Markers } from './markers.js'
import { QueueIndex } from './queue-index.js'
import { createRng, type Rng } from './rng.js'
import {
  memorySimulatorState,
  type SimulatorRecord,
  type SimulatorStateStore,
} from './simulator-state.js'

/** Options of {@link createJobSimulator}. */
export interface JobSimulatorOptions {
  /** Source of time; a `VirtualClock` lets tests walk a job through hours in microseconds. */
  clock: Clock
  /** Same seed, same submissions: same ids, timings and ETA noise, for replayable runs. */
  seed: number
  /** Time from submission to start, drawn per job. */
  queueWait: Distribution
  /** Time from start to finish, drawn per job unless a `[[duration:]]` marker sets it. */
  runTime: Distribution
  /**
   * Relative error of reported ETAs, drawn uniformly in [1 - etaNoise, 1 + etaNoise]: real
   * providers' estimates are rough, and the polling engine must not trust them blindly.
   * In [0, 1); default 0.25.
   */
  etaNoise?: number
  /**
   * Reports progress in this many steps (e.g. 20 sampling steps) instead of continuously,
   * since real progress moves in jumps. Default: continuous.
   */
  progressSteps?: number
  /** Prepended to every id, for providers whose ids carry a recognizable prefix. Default ''. */
  prefix?: string
  /** Random characters after the prefix. Default 25, the length SpeedPix task ids have. */
  idLength?: number
  /**
   * Where the jobs are kept, and under which namespace. Default: this process's memory. With a
   * shared store (and the same seed), every process sees every job, however many submit at once.
   */
  state?: { store: SimulatorStateStore; namespace: string } | undefined
}

/** What a provider app knows about a job when it accepts it. */
export interface SubmitJobInput<M = unknown> {
  /** From `parseMarkers` over the request's fields. */
  markers?: Partial<Markers>
  /** Images the job will produce. */
  imageCount: number
  /** Pixel width of those images, so they can be rendered at the requested size. */
  width: number
  /** Pixel height of those images. */
  height: number
  /** Provider-specific data the app needs when answering later (model id, prompt, ...). */
  meta?: M
  /**
   * Fields of `meta` made from the new job's id (aicontent's prompt id), merged in before the
   * job is stored. Default: none.
   */
  metaFromId?: ((id: string) => Partial<M>) | undefined
  /** Overrides the simulator's queue wait, e.g. for a slower job kind sharing the same queue. */
  queueWait?: Distribution
  /** Overrides the simulator's run time, e.g. training versus inference. */
  runTime?: Distribution
}

/** Where a job is in its life; provider apps translate it into their own status words. */
export type JobPhase = 'queued' | 'running' | 'succeeded' | 'failed'

/** A job as seen at one instant. */
export interface JobSnapshot<M = unknown> {
  /** Stable for the simulator's seed and the job's submission order. */
  id: string
  /** Derived from the clock at the time of the call, so it can never be stale. */
  phase: JobPhase
  /** 0..1, linear over the run time, 0 while queued, 1 once finished (either way). */
  progress: number
  /** Jobs submitted earlier and still queued; null unless this job is queued. */
  queuePosition: number | null
  /**
   * Seconds until finish (queue wait included), with per-second noise; null once finished.
   * Repeated reads within the same virtual second agree.
   */
  etaSeconds: number | null
  /** The `[[fail:]]` marker's value once the job has failed; null otherwise. */
  failure: string | null
  /** Epoch milliseconds; providers echo it as a creation time. */
  submittedAt: number
  /** Epoch milliseconds when the job leaves the queue (submittedAt + queue wait). */
  startAt: number
  /** Epoch milliseconds when it succeeds or, with a fail marker, fails. */
  finishAt: number
  /** As submitted; the images to serve once succeeded. */
  imageCount: number
  /** As submitted, for `renderPng`. */
  width: number
  /** As submitted, for `renderPng`. */
  height: number
  /** Seed for `renderPng`, so each job's images differ but stay the same across requests. */
  imageSeed: number
  /** As submitted: whatever the provider app needs to answer in its own terms. */
  meta: M | undefined
}

/** Jobs whose state is a pure function of the clock: no timers, nothing to tear down. */
export interface JobSimulator<M = unknown> {
  /** Accepts a job now and returns its first snapshot. */
  submit(input: SubmitJobInput<M>): JobSnapshot<M>
  /** The job's snapshot at the clock's current time; undefined for an unknown id. */
  get(id: string): JobSnapshot<M> | undefined
  /** Snapshots of every job, in submission order. */
  list(): JobSnapshot<M>[]
  /** Number of jobs ever submitted. */
  readonly size: number
}

interface JobRecord<M> extends SimulatorRecord {
  meta: M | undefined
  etaRng: Rng
}

/** Crockford base32, lowercase: the alphabet of ULID-style ids like SpeedPix's. */
const ID_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'

/**
 * Creates a simulator. Snapshots are computed lazily from `clock.now()`, so nothing runs between
 * calls. `get` costs O(log n): queue positions come from an index (see `QueueIndex`), not a scan.
 * Time is clamped to never go backwards, so phases and queue positions never regress even if a
 * wall clock steps back.
 */
export function createJobSimulator<M = unknown>(options: JobSimulatorOptions): JobSimulator<M> {
  const { clock, etaNoise = 0.25, progressSteps, prefix = '', idLength = 25 } = options
  if (!(etaNoise >= 0 && etaNoise < 1)) {
    throw new RangeError(`createJobSimulator: etaNoise must be in [0, 1), got ${etaNoise}`)
  }
  if (progressSteps !== undefined && !(Number.isInteger(progressSteps) && progressSteps > 0)) {
    throw new RangeError(`createJobSimulator: progressSteps must be a positive integer`)
  }
  const root = createRng(options.seed)
  const { store, namespace } = options.state ?? {
    store: memorySimulatorState(),
    namespace: 'jobs',
  }
  const records: JobRecord<M>[] = []
  const byId = new Map<string, JobRecord<M>>()
  const queue = new QueueIndex()
  let latest = Number.NEGATIVE_INFINITY

  // Takes in the records other processes (or this one) stored since the last call, in order, so
  // queue positions count every job whoever submitted it.
  const sync = (): void => {
    for (const stored of store.since(namespace, records.length)) {
      const job: JobRecord<M> = {
        ...stored,
        meta: stored.meta as M | undefined,
        etaRng: root.fork(`job:${stored.sequence}`).fork('eta'),
      }
      queue.add(job.startAt, latest)
      records.push(job)
      byId.set(job.id, job)
    }
  }

  const now = (): number => {
    sync()
    latest = Math.max(latest, clock.now())
    queue.advanceTo(latest)
    return latest
  }

  const makeId = (rng: Rng): string => {
    for (let attempt = 0; ; attempt++) {
      const idRng = rng.fork(`id:${attempt}`)
      let id = prefix
      for (let i = 0; i < idLength; i++) id += ID_ALPHABET[idRng.int(0, 31)]
      if (!byId.has(id)) return id
    }
  }

  const snapshot = (job: JobRecord<M>, at: number): JobSnapshot<M> => {
    const done = at >= job.finishAt
    const phase: JobPhase = done
      ? job.fail === null
        ? 'succeeded'
        : 'failed'
      : at >= job.startAt
        ? 'running'
        : 'queued'
    let progress = 0
    if (done) progress = 1
    else if (phase === 'running') {
      progress = (at - job.startAt) / (job.finishAt - job.startAt)
      if (progressSteps) progress = Math.floor(progress * progressSteps) / progressSteps
    }
    let etaSeconds: number | null = null
    if (!done) {
      const factor = 1 + etaNoise * (2 * job.etaRng.fork(String(Math.floor(at / 1000))).next() - 1)
      etaSeconds = ((job.finishAt - at) / 1000) * factor
    }
    return {
      id: job.id,
      phase,
      progress,
      queuePosition: phase === 'queued' ? queue.waitingBefore(job.sequence) : null,
      etaSeconds,
      failure: phase === 'failed' ? job.fail : null,
      submittedAt: job.submittedAt,
      startAt: job.startAt,
      finishAt: job.finishAt,
      imageCount: job.imageCount,
      width: job.width,
      height: job.height,
      imageSeed: job.imageSeed,
      meta: job.meta,
    }
  }

  return {
    submit(input) {
      const at = now()
      const stored = store.append(namespace, (sequence) => {
        sync()
        const rng = root.fork(`job:${sequence}`)
        const queueWait = sample(input.queueWait ?? options.queueWait, rng.fork('queue'))
        const drawn = sample(input.runTime ?? options.runTime, rng.fork('run'))
        const runTime = input.markers?.durationMs ?? drawn
        const id = makeId(rng)
        const meta = input.metaFromId
          ? ({ ...input.meta, ...input.metaFromId(id) } as M)
          : input.meta
        return {
          id,
          sequence,
          submittedAt: at,
          startAt: at + queueWait,
          finishAt: at + queueWait + runTime,
          imageCount: input.imageCount,
          width: input.width,
          height: input.height,
          imageSeed: rng.fork('image').int(0, 0x7fffffff),
          meta,
          fail: input.markers?.fail ?? null,
        }
      })
      sync()
      const job = byId.get(stored.id) as JobRecord<M>
      return snapshot(job, at)
    },
    get(id) {
      const at = now()
      const job = byId.get(id)
      return job && snapshot(job, at)
    },
    list() {
      const at = now()
      return records.map((job) => snapshot(job, at))
    },
    get size() {
      sync()
      return records.length
    },
  }
}
