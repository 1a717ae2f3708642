import {
  DurationLearner,
  decodeHandle,
  type ProviderAdapter,
  type ProviderId,
  VirtualClock,
} from '@darkroom/core'
import { createEmulators } from '@darkroom/emulator'
import { exponential, seededRandom } from '../lib/random.js'
import { emulatedAdapter } from './adapters.js'
import { type CallCounts, countingFetch } from './counting.js'
import { STRATEGIES, type StrategyId } from './strategies.js'
import { SUBMISSIONS, type Workload } from './workload.js'

/** What happened to one job under one strategy. */
export interface JobOutcome {
  /** Status calls spent on this job. */
  statusCalls: number
  /** Of those, calls made while the job was still queued (by the simulator's truth). */
  queuedCalls: number
  /** Time from the job's real completion to the watcher seeing it. */
  lagMs: number
  /** The job's real submit-to-completion time. */
  totalMs: number
}

/** One provider × strategy run. */
export interface StrategyRun {
  outcomes: JobOutcome[]
  /** Wire calls, counted at the emulator's door. */
  counts: CallCounts
  /** Virtual time the run spanned. */
  virtualMs: number
  /** Real time it took. */
  wallMs: number
}

/** A virtual clock that hops between timers through `setImmediate`: much faster than timeouts. */
export function fastVirtualClock(): VirtualClock {
  return new VirtualClock({ yieldToEventLoop: () => new Promise((r) => setImmediate(r)) })
}

/**
 * Runs `workload.jobs` jobs through the real adapter and the provider's emulator in virtual time,
 * each watched by `strategy`, and measures every job exactly: status calls (counted per job at
 * the adapter and, as a cross-check, on the wire) and detection lag against the simulator's own
 * completion time.
 */
export async function runStrategy(
  provider: ProviderId,
  strategy: StrategyId,
  workload: Workload,
): Promise<StrategyRun> {
  const started = performance.now()
  const clock = fastVirtualClock()
  const t0 = clock.now()
  const emulators = createEmulators({
    clock,
    seed: workload.seed,
    queueWait: workload.queueWait,
    runTime: workload.runTime,
    etaNoise: workload.etaNoise,
  })
  const emulator = emulators[provider]
  const wire = countingFetch(provider, emulator.fetch)
  const adapter = emulatedAdapter(provider, emulators, wire.fetch, clock)
  const callTimes = new Map<string, number[]>()
  const counted: ProviderAdapter = {
    ...adapter,
    status(handle, opts) {
      const times = callTimes.get(handle.providerJobId) ?? []
      if (times.length === 0) callTimes.set(handle.providerJobId, times)
      times.push(clock.now())
      return adapter.status(handle, opts)
    },
  }
  const learner = new DurationLearner()
  const random = seededRandom(workload.seed, `jitter:${provider}:${strategy}`)
  const arrivals = seededRandom(workload.seed, `arrivals:${provider}`)
  const { operation, input } = SUBMISSIONS[provider]

  const offsets: number[] = []
  let at = 0
  for (let i = 0; i < workload.jobs; i++) {
    offsets.push(Math.round(at))
    at += exponential(arrivals, workload.arrivalMeanMs)
  }

  const watchOne = async (offset: number): Promise<JobOutcome> => {
    await clock.sleep(offset)
    const submittedAt = clock.now()
    const initial = await counted.submit(operation, input)
    const handle = decodeHandle(initial.id)
    const truth = emulator.simulator.get(handle.providerJobId)
    if (!truth) throw new Error(`${provider}: the simulator has no job ${handle.providerJobId}`)
    const job = await STRATEGIES[strategy]({
      adapter: counted,
      handle,
      initial,
      submittedAt,
      clock,
      learner,
      random,
      peekFinishAt: () => truth.finishAt,
    })
    const seenAt = clock.now()
    if (job.state !== 'succeeded') {
      throw new Error(`${provider}/${strategy}: job ended ${job.state}, expected succeeded`)
    }
    const times = callTimes.get(handle.providerJobId) ?? []
    return {
      statusCalls: times.length,
      queuedCalls: times.filter((t) => t < truth.startAt).length,
      lagMs: seenAt - truth.finishAt,
      totalMs: truth.finishAt - truth.submittedAt,
    }
  }

  const outcomes = await clock.run(Promise.all(offsets.map(watchOne)))
  const perJob = outcomes.reduce((sum, o) => sum + o.statusCalls, 0)
  if (perJob !== wire.counts.status) {
    throw new Error(
      `${provider}/${strategy}: ${perJob} status calls counted per job but ${wire.counts.status} on the wire`,
    )
  }
  return {
    outcomes,
    counts: wire.counts,
    virtualMs: clock.now() - t0,
    wallMs: performance.now() - started,
  }
}
