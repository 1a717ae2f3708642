import { SampleWindow } from './sample-window.js'
import {
  type Bounds,
  curveQuantile,
  type DurationCurve,
  durationCurve,
  lowTailQuantile,
} from './survival.js'

/** What one finished job teaches about its provider and operation. */
export interface DurationSample {
  /** Submit to completion, as bounds: a job found done at its first poll is censored. */
  total?: Bounds | undefined
  /** Leaving the queue to completion, likewise. */
  run?: Bounds | undefined
  /** For each provider ETA seen: actual remaining time over the ETA, as bounds. */
  etaRatios?: Bounds[] | undefined
  /** For each remaining time extrapolated from progress: actual over extrapolated, likewise. */
  progressRatios?: Bounds[] | undefined
  /** Observed milliseconds per queue position (queue drain speed). */
  queueMsPerPosition?: number[] | undefined
}

/** What the engine has learned of one provider and operation, as scheduling input. */
export interface LearnedDurations {
  /** Number of finished jobs behind the numbers. */
  samples: number
  /**
   * Low quantile (default 4 %) of submit-to-completion time, from the censored estimate and
   * extrapolated below the earliest first poll: only that share of jobs is faster.
   */
  totalLowMs: number | null
  totalMedianMs: number | null
  /** High quantile (default 99 %): almost every job is done by then. */
  totalHighMs: number | null
  runLowMs: number | null
  runMedianMs: number | null
  runHighMs: number | null
  /**
   * 5 % quantile of actual/ETA ratios: how far below its ETA a job may finish. 0.8 means a
   * job can finish at 80% of the provider's ETA. Null until learned.
   */
  etaTrust: number | null
  /** The same for remaining times extrapolated from progress. Null until learned. */
  progressTrust: number | null
  /** Median milliseconds for the queue to move by one position. */
  queueMsPerPosition: number | null
}

/** Options of {@link DurationLearner}. */
export interface DurationLearnerOptions {
  /** Samples kept per provider and operation. Default 256. */
  window?: number
  /**
   * Share of jobs allowed to be faster than the learned low duration. The first poll goes one
   * `maxLagMs` after it, so this is the share of jobs noticed more than `maxLagMs` late for
   * having ended before the first poll. Default 0.04.
   */
  lowQuantile?: number
  /** Quantile used as "almost every job is done by now". Default 0.99. */
  highQuantile?: number
  /** Finished jobs needed before learned numbers replace the operation's prior. Default 5. */
  minSamples?: number
}

interface Series {
  total: SampleWindow<Bounds>
  run: SampleWindow<Bounds>
  eta: SampleWindow<Bounds>
  progress: SampleWindow<Bounds>
  queue: SampleWindow<Bounds>
}

/** Share of jobs allowed to end before a forecast (ETA, progress) says they surely will not. */
const TRUST_QUANTILE = 0.03

const valid = (b: Bounds | undefined): b is Bounds =>
  b !== undefined && Number.isFinite(b.after + b.by) && b.by >= 0

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
    this.#low = options.lowQuantile ?? 0.04
    this.#high = options.highQuantile ?? 0.99
    this.#minSamples = options.minSamples ?? 5
    if (!(this.#low > 0 && this.#low < 0.5 && this.#high > 0.5 && this.#high < 1)) {
      throw new RangeError(
        `DurationLearner needs 0 < lowQuantile < 0.5 < highQuantile < 1, got ${this.#low} and ${this.#high}`,
      )
    }
  }

  /** Records what one finished job showed. `key` is `provider:operation`. */
  record(key: string, sample: DurationSample): void {
    let series = this.#series.get(key)
    if (!series) {
      series = {
        total: new SampleWindow(this.#window),
        run: new SampleWindow(this.#window),
        eta: new SampleWindow(this.#window * 4),
        progress: new SampleWindow(this.#window * 4),
        queue: new SampleWindow(this.#window * 4),
      }
      this.#series.set(key, series)
    }
    if (valid(sample.total)) series.total.add(sample.total)
    if (valid(sample.run)) series.run.add(sample.run)
    for (const ratio of sample.etaRatios ?? []) if (valid(ratio)) series.eta.add(ratio)
    for (const ratio of sample.progressRatios ?? []) if (valid(ratio)) series.progress.add(ratio)
    for (const ms of sample.queueMsPerPosition ?? [])
      if (ms > 0 && ms < Infinity) series.queue.add({ after: ms, by: ms })
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
      const total = this.#durations(series.total)
      const run = this.#durations(series.run)
      const queue = this.#curve(series.queue)
      result = {
        samples,
        totalLowMs: total?.low ?? null,
        totalMedianMs: total?.median ?? null,
        totalHighMs: total?.high ?? null,
        runLowMs: run?.low ?? null,
        runMedianMs: run?.median ?? null,
        runHighMs: run?.high ?? null,
        etaTrust: this.#trust(series.eta),
        progressTrust: this.#trust(series.progress),
        queueMsPerPosition: queue && curveQuantile(queue, 0.5),
      }
    }
    this.#cache.set(key, result)
    return result
  }

  #curve(window: SampleWindow<Bounds>): DurationCurve | null {
    return window.size >= this.#minSamples ? durationCurve(window.values()) : null
  }

  /** How far below a forecast a job may end: a low quantile of the censored ratios. */
  #trust(window: SampleWindow<Bounds>): number | null {
    const curve = this.#curve(window)
    return curve && lowQuantile(curve, TRUST_QUANTILE)
  }

  /**
   * Low, median and high durations from the censored estimate. When even the median lies among
   * jobs found done at their first poll, nothing says how early they end; the low end then
   * halves from the earliest bound, so the first poll moves earlier until jobs are seen ending.
   */
  #durations(window: SampleWindow<Bounds>) {
    const curve = this.#curve(window)
    if (!curve) return null
    const low = lowQuantile(curve, this.#low) ?? curve.minMs / 2
    const median = Math.max(low, curveQuantile(curve, 0.5) ?? curve.minMs)
    const high = Math.max(median, curveQuantile(curve, this.#high) ?? median)
    return { low, median, high }
  }
}

/** A low quantile: read off the log-normal plot, or where the curve places it. */
const lowQuantile = (curve: DurationCurve, p: number) =>
  lowTailQuantile(curve, p) ?? curveQuantile(curve, p)

/** The learner shared by watches and trackers that are not given one of their own. */
export const defaultLearner = new DurationLearner()
