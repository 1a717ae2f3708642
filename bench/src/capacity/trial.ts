import {
  DurationLearner,
  decodeHandle,
  isTerminalState,
  type Job,
  type JobHandle,
  JobTracker,
  type ProviderId,
} from '@darkroom/core'
import { createEmulators } from '@darkroom/emulator'
import { seededRandom } from '../lib/random.js'
import { quantile, round } from '../lib/stats.js'
import { emulatedAdapter } from '../polling/adapters.js'
import { countingFetch } from '../polling/counting.js'
import { fastVirtualClock } from '../polling/run-strategy.js'
import { SUBMISSIONS, type Workload } from '../polling/workload.js'
import { FifoLimiter } from './limiter.js'

/** The two contenders: a fixed 500 ms loop behind a FIFO rate limiter, and the JobTracker. */
export type CapacityStrategy = 'fixed-500ms' | 'darkroom'

/** How a capacity trial is run. */
export interface CapacitySettings {
  workload: Workload
  /** Status requests per second allowed per provider. */
  requestsPerSecond: number
  /** The lag a trial must keep at p95 to pass. */
  maxP95LagMs: number
  /** Jobs finishing before this are not measured (the learner warms up, the load settles). */
  warmupMs: number
  /** Jobs finishing in this window after the warm-up are measured. */
  windowMs: number
  /**
   * Warm-up and window stretch, for small N, until about this many jobs finish in each: a p95
   * over a dozen jobs is one unlucky job, and a learner fed a dozen jobs is still guessing.
   */
  minJobs: number
  /** Mean submit-to-completion time of the workload, to size the stretch. */
  meanJobMs: number
  /** Workers start at random moments within this span, so the load is not one burst. */
  staggerMs: number
}

/** One trial: N jobs kept in flight. */
export interface Trial {
  jobs: number
  p95LagMs: number
  measured: number
  /** Status requests per second actually spent. */
  statusPerSecond: number
  passed: boolean
}

/**
 * Keeps `n` jobs in flight for the warm-up plus the window (each finished job is replaced by a
 * new one at once), all watched within one request budget, and measures the detection lag of
 * the jobs that finish inside the window.
 */
export async function runTrial(
  provider: ProviderId,
  strategy: CapacityStrategy,
  n: number,
  s: CapacitySettings,
): Promise<Trial> {
  const clock = fastVirtualClock()
  const t0 = clock.now()
  const emulators = createEmulators({
    clock,
    seed: s.workload.seed,
    queueWait: s.workload.queueWait,
    runTime: s.workload.runTime,
    etaNoise: s.workload.etaNoise,
  })
  const emulator = emulators[provider]
  const wire = countingFetch(provider, emulator.fetch)
  const adapter = emulatedAdapter(provider, emulators, wire.fetch, clock)
  const random = seededRandom(s.workload.seed, `capacity:${provider}:${strategy}:${n}`)
  const { operation, input } = SUBMISSIONS[provider]
  const stretch = (ms: number) => Math.max(ms, Math.ceil((s.minJobs * s.meanJobMs) / n))
  const measureFrom = t0 + stretch(s.warmupMs)
  const measureTo = measureFrom + stretch(s.windowMs)

  let watch: (handle: JobHandle, initial: Job, submittedAt: number) => Promise<unknown>
  let tracker: JobTracker | null = null
  if (strategy === 'darkroom') {
    const t = new JobTracker({
      adapters: [adapter],
      requestsPerSecond: s.requestsPerSecond,
      clock,
      learner: new DurationLearner(),
      random,
    })
    tracker = t
    watch = (handle, initial, submittedAt) => t.add(handle, { initial, submittedAt })
  } else {
    const limiter = new FifoLimiter(clock, s.requestsPerSecond)
    watch = async (handle) => {
      for (;;) {
        await clock.sleep(500)
        await limiter.take()
        const job = await adapter.status(handle)
        if (isTerminalState(job.state)) return job
      }
    }
  }

  const lags: number[] = []
  const worker = async () => {
    await clock.sleep(Math.round(random() * s.staggerMs))
    while (clock.now() < measureTo) {
      const submittedAt = clock.now()
      const initial = await adapter.submit(operation, input)
      const handle = decodeHandle(initial.id)
      const truth = emulator.simulator.get(handle.providerJobId)
      if (!truth) throw new Error(`${provider}: the simulator has no job ${handle.providerJobId}`)
      await watch(handle, initial, submittedAt)
      if (truth.finishAt >= measureFrom && truth.finishAt < measureTo) {
        lags.push(clock.now() - truth.finishAt)
      }
    }
  }
  try {
    await clock.run(Promise.all(Array.from({ length: n }, worker)))
  } finally {
    tracker?.close()
  }
  const p95LagMs = quantile(lags, 0.95)
  return {
    jobs: n,
    p95LagMs,
    measured: lags.length,
    statusPerSecond: round(wire.counts.status / ((clock.now() - t0) / 1000), 1),
    passed: lags.length > 0 && p95LagMs <= s.maxP95LagMs,
  }
}
