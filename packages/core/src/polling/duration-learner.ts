import { SampleWindow } from './sample-window.js'

/** What one finished job teaches about its provider and operation. */
export interface DurationSample {
  /** Submit to completion, milliseconds. */
  totalMs?: number | undefined
  /** Start of running to completion, milliseconds. */
  runMs?: number | undefined
  /** For each provider ETA seen: actual remaining time divided by the ETA. */
  etaRatios?: number[] | undefined
  /** Observed milliseconds per queue position (queue drain speed). */
  queueMsPerPosition?: number[] | undefined
}

/** What the engine has learned of one provider and operation, as scheduling input. */
export interface LearnedDurations {
  /** Number of finished jobs behind the numbers. */
  samples: number
  /** Low quantile (default 5%) of submit-to-completion time: almost no job is faster. */
  totalLowMs: number | null
  totalMedianMs: number | null
  /** High quantile (default 95%): past this, the job is overdue. */
  totalHighMs: number | null
  runLowMs: number | null
  runMedianMs: number | null
  runHighMs: number | null
  /**
   * Low quantile of actual/ETA ratios: how far below its ETA a job may finish. 0.8 means a
   * job can finish at 80% of the provider's ETA. Null until learned.
   */
  etaTrust: number | null
  /** Median milliseconds for the queue to move by one position. */
  queueMsPerPosition: number | null
}

/** Options of {@link DurationLearner}. */
export interface DurationLearnerOptions {
  /** Samples kept per provider and operation. Default 256. */
  window?: number
  /** Quantile used as "almost no job is faster". Default 0.05. */
  lowQuantile?: number
  /** Quantile used as "almost every job is done by now". Default 0.95. */
  highQuantile?: number
  /** Finished jobs needed before learned numbers replace the operation's prior. Default 5. */
  minSamples?: number
}

interface Series {
  total: SampleWindow
  run: SampleWindow
  eta: SampleWindow
  queue: SampleWindow
}

/**
 * Learns typical durations per provider and operation from finished jobs, so jobs of a kind
 * seen before are polled rarely while they cannot be done yet and closely when they may be.
 */
export class DurationLearner {
  readonly #series = new Map<string, Series>()
  readonly #window: number
  readonly #low: number
  readonly #high: number
  readonly #minSamples: number
  #cache = new Map<string, LearnedDurations | null>()

  constructor(options: DurationLearnerOptions = {}) {
    this.#window = options.window ?? 256
    this.#low = options.lowQuantile ?? 0.05
    this.#high = options.highQuantile ?? 0.95
    this.#minSamples = options.minSamples ?? 5
  }

  /** Records what one finished job showed. `key` is `provider:operation`. */
  record(key: string, sample: DurationSample): void {
    let series = this.#series.get(key)
    if (!series) {
      series = {
        total: new SampleWindow(this.#window),
        run: new SampleWindow(this.#window),
        eta: new SampleWindow(this.#window * 4),
        queue: new SampleWindow(this.#window * 4),
      }
      this.#series.set(key, series)
    }
    if (sample.totalMs !== undefined && sample.totalMs >= 0) series.total.add(sample.totalMs)
    if (sample.runMs !== undefined && sample.runMs >= 0) series.run.add(sample.runMs)
    for (const ratio of sample.etaRatios ?? []) if (ratio > 0) series.eta.add(ratio)
    for (const ms of sample.queueMsPerPosition ?? []) if (ms > 0) series.queue.add(ms)
    this.#cache.delete(key)
  }

  /** What is known of `key`, or null before `minSamples` finished jobs. */
  estimate(key: string): LearnedDurations | null {
    const cached = this.#cache.get(key)
    if (cached !== undefined) return cached
    const series = this.#series.get(key)
    const samples = series ? Math.max(series.total.size, series.run.size) : 0
    let result: LearnedDurations | null = null
    if (series && samples >= this.#minSamples) {
      const enough = (w: SampleWindow) => w.size >= this.#minSamples
      const q = (w: SampleWindow, p: number) => (enough(w) ? w.quantile(p) : null)
      result = {
        samples,
        totalLowMs: q(series.total, this.#low),
        totalMedianMs: q(series.total, 0.5),
        totalHighMs: q(series.total, this.#high),
        runLowMs: q(series.run, this.#low),
        runMedianMs: q(series.run, 0.5),
        runHighMs: q(series.run, this.#high),
        etaTrust: q(series.eta, this.#low),
        queueMsPerPosition: q(series.queue, 0.5),
      }
    }
    this.#cache.set(key, result)
    return result
  }
}

/** The learner shared by watches and trackers that are not given one of their own. */
export const defaultLearner = new DurationLearner()
