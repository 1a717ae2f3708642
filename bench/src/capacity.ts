import { fileURLToPath } from 'node:url'
import { PROVIDER_IDS, type ProviderId } from '@darkroom/core'
import { type CapacitySearch, searchCapacity } from './capacity/search.js'
import type { CapacitySettings, CapacityStrategy, Trial } from './capacity/trial.js'
import { type MachineInfo, machineInfo } from './lib/machine.js'
import { runInChildren } from './lib/pool.js'
import { round } from './lib/stats.js'
import { formatTable } from './lib/table.js'
import { type HintlessOracle, hintlessOracle } from './polling/hintless-oracle.js'
import { DEFAULT_WORKLOAD, describeDistribution } from './polling/workload.js'

const STRATEGIES: CapacityStrategy[] = ['fixed-500ms', 'darkroom']

/** The aim of issue #7: Darkroom watches this many times more jobs than fixed 500 ms. */
export const CAPACITY_AIM = 50

/** The aims of issue #13: jobs Darkroom keeps in flight per provider. */
export const CAPACITY_AIMS: Record<ProviderId, number> = {
  aicontent: 150,
  speedpix: 200,
  aidge: 50,
}

/** Providers that report only a state: no poller can beat the hint-less oracle on them. */
const HINTLESS: readonly ProviderId[] = ['aidge']

/** Darkroom's capacity beside its aim and the most any poller could do on that provider. */
export interface CapacityAim {
  capacity: number
  aim: number
  /** The bound: one request per job, or (state only) the hint-less oracle's requests per job. */
  bound: number
  boundKind: 'one request per job' | 'hint-less oracle'
  met: boolean
}

/** What `runCapacity` returns and `results/capacity.json` holds. */
export type CapacityResults = Record<ProviderId, Record<CapacityStrategy, number>> & {
  ratios: Record<ProviderId, number>
  /**
   * The most any poller could watch: each job needs at least one status call, so the budget
   * allows at most requestsPerSecond × mean job duration jobs in flight.
   */
  oneRequestBound: number
  /** The best fixed schedule at the trials' p95 bound, knowing only the completion-time distribution. */
  hintlessOracle: HintlessOracle
  /** Issue #13's aims per provider, beside each provider's bound. */
  aims: Record<ProviderId, CapacityAim>
  trials: Record<ProviderId, Record<CapacityStrategy, Trial[]>>
  settings: {
    requestsPerSecond: number
    maxP95LagMs: number
    warmupSeconds: number
    windowSeconds: number
    minJobs: number
    queueWait: string
    runTime: string
    meanJobSeconds: number
    fixedBaseline: string
  }
  machine: MachineInfo
  wallSeconds: number
}

/** Mean submit-to-completion of the workload: exponential queue mean plus log-normal mean. */
function meanJobMs(): number {
  const q = DEFAULT_WORKLOAD.queueWait
  const r = DEFAULT_WORKLOAD.runTime
  const queue = q.kind === 'exponential' ? q.meanMs : 0
  const run = r.kind === 'lognormal' ? r.medianMs * Math.exp((r.sigma * r.sigma) / 2) : 0
  return queue + run
}

/**
 * The capacity benchmark: per provider, the most jobs that can be kept in flight under a budget
 * of 20 status requests per second while the p95 detection lag stays within 2 s, for a fixed
 * 500 ms loop behind a FIFO rate limiter and for Darkroom's JobTracker.
 */
export async function runCapacity(options: { smoke: boolean }): Promise<CapacityResults> {
  const started = performance.now()
  const settings: CapacitySettings = {
    workload: DEFAULT_WORKLOAD,
    requestsPerSecond: 20,
    maxP95LagMs: 2000,
    warmupMs: options.smoke ? 10_000 : 60_000,
    windowMs: options.smoke ? 20_000 : 120_000,
    staggerMs: options.smoke ? 5_000 : 30_000,
    minJobs: options.smoke ? 20 : 200,
    meanJobMs: meanJobMs(),
  }
  const tasks = STRATEGIES.flatMap((strategy) =>
    PROVIDER_IDS.map((provider) => ({ provider, strategy, settings })),
  )
  // Smoke: one provider, a coarse search from a small start, in-process.
  const searches: CapacitySearch[] = options.smoke
    ? await Promise.all(
        STRATEGIES.map((strategy) => searchCapacity('speedpix', strategy, settings, 8, 16)),
      )
    : await runInChildren(fileURLToPath(new URL('./capacity/child.ts', import.meta.url)), tasks)

  const result = {} as Record<ProviderId, Record<CapacityStrategy, number>>
  const trials = {} as CapacityResults['trials']
  const ratios = {} as Record<ProviderId, number>
  for (const provider of PROVIDER_IDS) {
    const of = (s: CapacityStrategy) =>
      searches.find((x) => x.provider === provider && x.strategy === s)
    const fixed = of('fixed-500ms')
    const ours = of('darkroom')
    if (!fixed || !ours) continue
    result[provider] = { 'fixed-500ms': fixed.capacity, darkroom: ours.capacity }
    trials[provider] = { 'fixed-500ms': fixed.trials, darkroom: ours.trials }
    ratios[provider] = round(ours.capacity / Math.max(1, fixed.capacity), 1)
  }
  const meanMs = meanJobMs()
  const oneRequestBound = Math.floor((settings.requestsPerSecond * meanMs) / 1000)
  const oracle = hintlessOracle(DEFAULT_WORKLOAD, settings.maxP95LagMs)
  const aims = {} as Record<ProviderId, CapacityAim>
  for (const provider of PROVIDER_IDS) {
    if (!result[provider]) continue
    const hintless = HINTLESS.includes(provider)
    const capacity = result[provider].darkroom
    aims[provider] = {
      capacity,
      aim: CAPACITY_AIMS[provider],
      bound: hintless ? Math.floor(oneRequestBound / oracle.requestsPerJob) : oneRequestBound,
      boundKind: hintless ? 'hint-less oracle' : 'one request per job',
      met: capacity >= CAPACITY_AIMS[provider],
    }
  }
  return {
    ...result,
    ratios,
    oneRequestBound,
    hintlessOracle: oracle,
    aims,
    trials,
    settings: {
      requestsPerSecond: settings.requestsPerSecond,
      maxP95LagMs: settings.maxP95LagMs,
      warmupSeconds: settings.warmupMs / 1000,
      windowSeconds: settings.windowMs / 1000,
      minJobs: settings.minJobs,
      queueWait: describeDistribution(DEFAULT_WORKLOAD.queueWait),
      runTime: describeDistribution(DEFAULT_WORKLOAD.runTime),
      meanJobSeconds: round(meanMs / 1000, 1),
      fixedBaseline:
        'per job: sleep 500 ms, wait for a FIFO rate limiter (one request per 50 ms), ask; Darkroom: JobTracker({ requestsPerSecond: 20 }) with defaults',
    },
    machine: machineInfo(),
    wallSeconds: round((performance.now() - started) / 1000, 1),
  } as CapacityResults
}

/** The readable report. */
export function reportCapacity(r: CapacityResults): string {
  const s = r.settings
  const rows = PROVIDER_IDS.filter((p) => r[p]).map((p) => [
    p,
    r[p]['fixed-500ms'],
    r[p].darkroom,
    `${r.ratios[p]}×`,
    `${round(r[p].darkroom / Math.max(1, r[p]['fixed-500ms']), 1) >= CAPACITY_AIM ? 'yes' : 'NO'}`,
  ])
  return [
    `Capacity: jobs kept in flight under ${s.requestsPerSecond} status requests/s per provider until p95 lag > ${s.maxP95LagMs} ms (warm-up ${s.warmupSeconds} s, measured ${s.windowSeconds} s, each stretched for small N to ≥${s.minJobs} jobs; queue ${s.queueWait}; run ${s.runTime}; mean job ${s.meanJobSeconds} s).`,
    formatTable(['provider', 'fixed 500 ms', 'darkroom', 'ratio', `≥${CAPACITY_AIM}×`], rows),
    `Bound for any poller (one request per job): ${s.requestsPerSecond} req/s × ${s.meanJobSeconds} s = ${r.oneRequestBound} jobs. On a provider that reports only a state, the hint-less oracle (first poll at ${r.hintlessOracle.firstPollMs / 1000} s, then every ${r.hintlessOracle.gapMs / 1000} s: ${r.hintlessOracle.requestsPerJob} requests per job at a p95 lag of ${r.hintlessOracle.p95LagMs} ms) bounds it at ${r.oneRequestBound} / ${r.hintlessOracle.requestsPerJob}.`,
    '',
    'Aims of issue #13',
    formatTable(
      ['provider', 'darkroom', 'aim', 'bound', 'met'],
      PROVIDER_IDS.filter((p) => r.aims[p]).map((p) => {
        const a = r.aims[p]
        return [p, a.capacity, `≥${a.aim}`, `${a.bound} (${a.boundKind})`, a.met ? 'yes' : 'NO']
      }),
    ),
    `Baseline: ${s.fixedBaseline}.`,
  ].join('\n')
}
