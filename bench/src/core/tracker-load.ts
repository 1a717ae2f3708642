import { monitorEventLoopDelay } from 'node:perf_hooks'
import {
  DurationLearner,
  type Job,
  type JobHandle,
  JobTracker,
  type ProviderAdapter,
  systemClock,
} from '@darkroom/core'
import { baseJob } from '@darkroom/core/provider-kit'
import * as v from 'valibot'
import { round } from '../lib/stats.js'

const RESOLUTION_MS = 10

/** What the event loop did while a tracker held the jobs. */
export interface LoopDelay {
  jobs: number
  scenario: string
  requestsPerSecond: number
  seconds: number
  /**
   * Event-loop delay percentiles, milliseconds: how late a 10 ms timer fired
   * (perf_hooks.monitorEventLoopDelay reports the whole interval; the 10 ms are taken off).
   */
  delayMs: { p50: number; p99: number; max: number }
  /** Status calls the tracker made per second. */
  pollsPerSecond: number
  /** CPU time of this process as a share of one core while measuring. */
  cpuShare: number
  /** Time to hand the tracker all jobs. */
  addMs: number
}

/**
 * A provider that answers from memory, at once: every job is `running`; with `eta` it reports
 * an ETA (the jobs then mostly sleep), without it nothing (every job wants a poll each second).
 * Each job's answer is built once and then only restamped, so what is measured is the tracker,
 * not the stand-in (a real answer's cost is the status-normalization table's).
 */
function memoryAdapter(eta: boolean): ProviderAdapter {
  const startedAt = Date.now()
  const answers = new Map<string, Job>()
  return {
    id: 'speedpix',
    operations: {
      render: {
        name: 'render',
        label: 'Render',
        description: 'An in-memory job for the event-loop benchmark.',
        input: v.unknown(),
        capabilities: { progress: false, queuePosition: false, eta, imageUrls: false },
        timing: { minMs: 0, typicalMs: 1000 },
      },
    },
    submit: () => Promise.reject(new Error('not used')),
    image: () => Promise.reject(new Error('not used')),
    status(handle: JobHandle): Promise<Job> {
      let job = answers.get(handle.providerJobId)
      if (!job) {
        job = baseJob(handle, systemClock)
        answers.set(handle.providerJobId, job)
      }
      // Each job's ETA counts down to a distinct moment 10–40 minutes after the start.
      const index = Number(handle.providerJobId.slice(4))
      const endAt = startedAt + 600_000 + (index % 1800) * 1000
      return Promise.resolve({
        ...job,
        observedAt: new Date().toISOString(),
        state: 'running',
        providerStatus: 'running',
        ...(eta && { etaSeconds: (endAt - Date.now()) / 1000, etaSource: 'provider' as const }),
      })
    },
  }
}

/**
 * Holds `jobs` jobs in a JobTracker on the real clock for `seconds` and records the event-loop
 * delay: what every other request served by the same process would feel.
 */
export async function trackerLoopDelay(
  jobs: number,
  seconds: number,
  scenario: 'eta' | 'backlog',
  requestsPerSecond: number,
): Promise<LoopDelay> {
  const adapter = memoryAdapter(scenario === 'eta')
  let polls = 0
  const counted: ProviderAdapter = {
    ...adapter,
    status: (h, o) => {
      polls += 1
      return adapter.status(h, o)
    },
  }
  const tracker = new JobTracker({
    adapters: [counted],
    requestsPerSecond,
    learner: new DurationLearner(),
  })
  const entries: { handle: JobHandle; initial: Job | undefined }[] = []
  for (let i = 0; i < jobs; i++) {
    const handle: JobHandle = {
      provider: 'speedpix',
      operation: 'render',
      providerJobId: `job-${i}`,
    }
    // With hints, jobs arrive as from submit, snapshot in hand: nothing is due until near the end.
    entries.push({ handle, initial: scenario === 'eta' ? await adapter.status(handle) : undefined })
  }
  const addStart = performance.now()
  for (const { handle, initial } of entries) tracker.add(handle, { initial }).catch(() => undefined)
  const addMs = performance.now() - addStart
  // Let the first polls (one per job, within the budget) start before measuring.
  await new Promise((r) => setTimeout(r, 500))
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS })
  const polls0 = polls
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  histogram.enable()
  await new Promise((r) => setTimeout(r, seconds * 1000))
  histogram.disable()
  const elapsed = (performance.now() - t0) / 1000
  const cpu = process.cpuUsage(cpu0)
  tracker.close()
  const ms = (ns: number) => round(Math.max(0, ns / 1e6 - RESOLUTION_MS), 2)
  return {
    jobs,
    scenario:
      scenario === 'eta'
        ? 'added with a snapshot whose ETA is 10–40 min away (nothing due: the tracker sleeps)'
        : 'no hints: every job wants a poll each second, far beyond the budget (a permanent backlog)',
    requestsPerSecond,
    seconds,
    delayMs: {
      p50: ms(histogram.percentile(50)),
      p99: ms(histogram.percentile(99)),
      max: ms(histogram.max),
    },
    pollsPerSecond: round((polls - polls0) / elapsed, 1),
    cpuShare: round((cpu.user + cpu.system) / 1e6 / elapsed, 3),
    addMs: round(addMs, 1),
  }
}
