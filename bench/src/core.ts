import { PROVIDER_IDS } from '@darkroom/core'
import { planNextPoll } from '@darkroom/core/engine'
import { Bench } from 'tinybench'
import { cannedStatus } from './core/canned.js'
import { cpuPerCall } from './core/cpu.js'
import { scheduleInputs } from './core/schedule-inputs.js'
import { reportStatusAim, type StatusAim, statusAim } from './core/status-aim.js'
import { type LoopDelay, trackerLoopDelay } from './core/tracker-load.js'
import { type MachineInfo, machineInfo } from './lib/machine.js'
import { round } from './lib/stats.js'
import { fmt, formatTable } from './lib/table.js'

/** One measured operation. */
export interface OpCost {
  /** Mean wall time per call, microseconds (tinybench). */
  meanUs: number
  p50Us: number
  p99Us: number
  opsPerSecond: number
  /**
   * Process CPU time per call (all threads, Web Crypto's included), microseconds: the median of
   * {@link OpCost.cpuRounds} rounds of sequential calls.
   */
  cpuUs: number
  /** The cheapest and the dearest round, microseconds per call. */
  cpuRangeUs: { min: number; max: number }
  cpuRounds: number
  samples: number
}

/** The aim of issue #13: a tracker holding this many jobs, all due, at this budget. */
export const CORE_AIMS = {
  jobs: 100_000,
  requestsPerSecond: 100,
  pollsPerSecond: 98,
  cpuShare: 0.05,
  p99Ms: 5,
}

/** The aim beside the measured figures of the largest backlog. */
export interface CoreAim {
  jobs: number
  pollsPerSecond: number
  pollsPerSecondAim: number
  cpuShare: number
  cpuShareAim: number
  p99Ms: number
  p99MsAim: number
  met: boolean
}

/** What `runCore` returns and `results/core.json` holds. */
export interface CoreResults {
  /** `adapter.status` on a recorded provider answer: sign, HTTP helper, parse, normalize. */
  statusNormalization: Record<string, OpCost & { answerBytes: number }>
  /** CPU per status call against the stored baseline, beside the aim. */
  statusAim: StatusAim
  /** One `planNextPoll` call per kind of hint. */
  scheduling: Record<string, OpCost>
  eventLoop: { idle: LoopDelay | null; trackers: LoopDelay[] }
  /** The largest backlog against the aim (in smoke runs, a small one: `met` is then only a check). */
  aim: CoreAim
  machine: MachineInfo
}

async function measure(
  tasks: Record<string, () => unknown>,
  smoke: boolean,
  cpuCalls: number,
): Promise<Record<string, OpCost>> {
  const bench = smoke
    ? new Bench({ time: 50, iterations: 20, warmupTime: 10, warmupIterations: 5 })
    : new Bench({ time: 2000, warmupTime: 300 })
  for (const [name, fn] of Object.entries(tasks)) bench.add(name, fn)
  await bench.run()
  const out: Record<string, OpCost> = {}
  for (const task of bench.tasks) {
    const r = task.result
    if (!r || r.error) throw r?.error ?? new Error(`${task.name} produced no result`)
    const fn = tasks[task.name] as () => unknown
    out[task.name] = {
      meanUs: round(r.latency.mean * 1000, 2),
      p50Us: round((r.latency.p50 ?? 0) * 1000, 2),
      p99Us: round((r.latency.p99 ?? 0) * 1000, 2),
      opsPerSecond: Math.round(r.throughput.mean),
      ...(await cpuOf(fn, smoke ? 20 : cpuCalls, smoke ? 2 : 10)),
      samples: r.latency.samples.length,
    }
  }
  return out
}

async function cpuOf(fn: () => unknown, calls: number, rounds: number) {
  const cpu = await cpuPerCall(fn, { calls, rounds })
  return { cpuUs: cpu.medianUs, cpuRangeUs: { min: cpu.minUs, max: cpu.maxUs }, cpuRounds: rounds }
}

/**
 * The core benchmark: CPU cost of one status normalization per provider and of one scheduling
 * decision (tinybench), and the event-loop delay, budget spent and CPU while a JobTracker holds
 * 10 000 sleeping jobs, and 10 000, 50 000 and 100 000 all due, on the real clock with an
 * in-memory provider.
 */
export async function runCore(options: { smoke: boolean }): Promise<CoreResults> {
  const { smoke } = options
  const statusTasks: Record<string, () => unknown> = {}
  const bytes: Record<string, number> = {}
  for (const provider of PROVIDER_IDS) {
    const canned = await cannedStatus(provider)
    bytes[provider] = canned.answerBytes
    statusTasks[provider] = () => canned.adapter.status(canned.handle)
  }
  const status = await measure(statusTasks, smoke, 10_000)
  const inputs = scheduleInputs()
  const scheduling = await measure(
    Object.fromEntries(
      Object.entries(inputs).map(([name, input]) => [name, () => planNextPoll(input)]),
    ),
    smoke,
    200_000,
  )
  const seconds = smoke ? 0.5 : 10
  const idle = smoke ? null : await trackerLoopDelay(0, 3, 'eta', 20)
  const { requestsPerSecond } = CORE_AIMS
  const trackers = [await trackerLoopDelay(smoke ? 500 : 10_000, seconds, 'eta', requestsPerSecond)]
  for (const jobs of smoke ? [500, 2000] : [10_000, 50_000, CORE_AIMS.jobs]) {
    trackers.push(await trackerLoopDelay(jobs, seconds, 'backlog', requestsPerSecond))
  }
  const largest = trackers.at(-1) as LoopDelay
  const aim: CoreAim = {
    jobs: largest.jobs,
    pollsPerSecond: largest.pollsPerSecond,
    pollsPerSecondAim: CORE_AIMS.pollsPerSecond,
    cpuShare: largest.cpuShare,
    cpuShareAim: CORE_AIMS.cpuShare,
    p99Ms: largest.delayMs.p99,
    p99MsAim: CORE_AIMS.p99Ms,
    met:
      largest.pollsPerSecond >= CORE_AIMS.pollsPerSecond &&
      largest.cpuShare <= CORE_AIMS.cpuShare &&
      largest.delayMs.p99 <= CORE_AIMS.p99Ms,
  }
  return {
    statusNormalization: Object.fromEntries(
      Object.entries(status).map(([p, c]) => [p, { ...c, answerBytes: bytes[p] ?? 0 }]),
    ),
    statusAim: statusAim(Object.fromEntries(Object.entries(status).map(([p, c]) => [p, c.cpuUs]))),
    scheduling,
    eventLoop: { idle, trackers },
    aim,
    machine: machineInfo(),
  }
}

/** The readable report. */
export function reportCore(r: CoreResults): string {
  const costRow = (name: string, c: OpCost) => [
    name,
    c.meanUs,
    c.p50Us,
    c.p99Us,
    c.cpuUs,
    `${fmt(c.cpuRangeUs.min)}–${fmt(c.cpuRangeUs.max)}`,
    c.opsPerSecond,
  ]
  const header = ['operation', 'mean µs', 'p50 µs', 'p99 µs', 'CPU µs', 'CPU range', 'ops/s']
  const loops = [...(r.eventLoop.idle ? [r.eventLoop.idle] : []), ...r.eventLoop.trackers]
  return [
    'Status normalization: adapter.status on a recorded answer of a running job (request signing, HTTP helper, response validation, normalization; the canned fetch does no I/O, but the Response it builds per call, body stream included, is counted).',
    formatTable(
      header,
      Object.entries(r.statusNormalization).map(([p, c]) => costRow(`status ${p}`, c)),
    ),
    '',
    reportStatusAim(r.statusAim),
    '',
    'Scheduling: one planNextPoll call, by the hint that decides it.',
    formatTable(
      header,
      Object.entries(r.scheduling).map(([n, c]) => costRow(`plan ${n}`, c)),
    ),
    '',
    'Event-loop delay while a JobTracker holds the jobs (real clock, in-memory provider).',
    formatTable(
      [
        'jobs',
        'budget req/s',
        'polls/s',
        'delay p50 ms',
        'p99 ms',
        'max ms',
        'CPU',
        'add ms',
        'scenario',
      ],
      loops.map((l) => [
        l.jobs,
        l.requestsPerSecond,
        l.pollsPerSecond,
        l.delayMs.p50,
        l.delayMs.p99,
        l.delayMs.max,
        percent(l.cpuShare),
        l.addMs,
        l.jobs === 0 ? 'idle process, for reference' : l.scenario,
      ]),
    ),
    '',
    `Aim (${r.aim.jobs} jobs all due at ${CORE_AIMS.requestsPerSecond} req/s)`,
    formatTable(
      ['polls/s', 'aim', 'CPU', 'aim', 'delay p99 ms', 'aim', 'met'],
      [
        [
          r.aim.pollsPerSecond,
          `≥${r.aim.pollsPerSecondAim}`,
          percent(r.aim.cpuShare),
          `≤${percent(r.aim.cpuShareAim)}`,
          r.aim.p99Ms,
          `≤${r.aim.p99MsAim}`,
          r.aim.met ? 'yes' : 'NO',
        ],
      ],
    ),
  ].join('\n')
}

/** A share of one core as a percentage with one decimal (0.054 → "5.4 %"). */
function percent(share: number): string {
  return `${Math.round(share * 1000) / 10} %`
}
