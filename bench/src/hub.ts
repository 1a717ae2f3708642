import { decodeHandle, encodeHandle, type StoredJob, VirtualClock } from '@darkroom/core'
import { baseJob } from '@darkroom/core/provider-kit'
import { openSqliteStore } from '@darkroom/store'
import { benchDir, hubOn } from './hub/hub-wiring.js'
import { type MachineInfo, machineInfo } from './lib/machine.js'
import { round } from './lib/stats.js'
import { fmt, formatTable } from './lib/table.js'

/** Status requests per job with this many event streams watching each. */
export interface WatcherRow {
  watchers: number
  jobs: number
  statusRequestsPerJob: number
}

/** What `runHub` returns and `results/hub.json` holds. */
export interface HubResults {
  /** 1, 10 and 100 watchers per job, virtual time: flat is the aim. */
  watchers: WatcherRow[]
  /** Jobs held by one gateway's job layer on the wall clock, in process (no HTTP). */
  load: {
    jobs: number
    seconds: number
    requestsPerSecond: number
    cpuPercent: number
    rssMiB: number
    storeWritesPerSecond: number
    statusRequestsPerSecond: number
  }
  /** Opening the store and holding every unfinished job again after a restart. */
  resume: { jobs: number; openMs: number; resumeMs: number }
  machine: MachineInfo
}

const PROMPT = { prompt: 'a lighthouse' }

/** `jobs` jobs, each followed to its end by `watchers` watches, on virtual time. */
async function watchersRow(watchers: number, jobs: number): Promise<WatcherRow> {
  const dir = benchDir()
  const clock = new VirtualClock()
  const hub = await hubOn(dir.file, clock)
  try {
    const one = async () => {
      const job = await hub.jobs.submit('speedpix', 'txt2img', PROMPT, 'bench')
      const handle = decodeHandle(job.id)
      const follow = async () => {
        for await (const seen of hub.jobs.watch(handle, 'bench')) void seen
      }
      await Promise.all(Array.from({ length: watchers }, follow))
    }
    await clock.run(Promise.all(Array.from({ length: jobs }, one)))
    return { watchers, jobs, statusRequestsPerJob: round(hub.statusCalls() / jobs, 2) }
  } finally {
    await hub.close()
    dir.remove()
  }
}

/** `jobs` jobs held on the wall clock for `seconds`: CPU, memory, store writes, requests. */
async function load(jobs: number, seconds: number, requestsPerSecond: number) {
  const dir = benchDir()
  const hub = await hubOn(dir.file, undefined, { requestsPerSecond })
  try {
    for (let i = 0; i < jobs; i++) await hub.jobs.submit('speedpix', 'txt2img', PROMPT, 'bench')
    const writes0 = hub.store.writes()
    const calls0 = hub.statusCalls()
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
    const elapsed = (performance.now() - t0) / 1000
    const cpu = process.cpuUsage(cpu0)
    return {
      jobs,
      seconds: round(elapsed, 1),
      requestsPerSecond,
      cpuPercent: round(((cpu.user + cpu.system) / 1e6 / elapsed) * 100, 1),
      rssMiB: round(process.memoryUsage().rss / 2 ** 20, 1),
      storeWritesPerSecond: round((hub.store.writes() - writes0) / elapsed, 1),
      statusRequestsPerSecond: round((hub.statusCalls() - calls0) / elapsed, 1),
    }
  } finally {
    await hub.close()
    dir.remove()
  }
}

/** A store with `jobs` unfinished jobs, opened again and resumed: how long each step takes. */
async function resume(jobs: number) {
  const dir = benchDir()
  try {
    const seed = await openSqliteStore(dir.file, { exclusive: true })
    const clock = new VirtualClock()
    const now = clock.now()
    for (let i = 0; i < jobs; i++) {
      const handle = {
        provider: 'speedpix' as const,
        operation: 'txt2img',
        providerJobId: `job-${i}`,
      }
      const key = encodeHandle(handle)
      const job: StoredJob = {
        key,
        handle,
        owner: 'bench',
        snapshot: { ...baseJob(handle, clock), state: 'queued', providerStatus: 'waiting' },
        submittedAt: now,
        observedAt: now,
        nextPollAt: now + 3_600_000 + i,
        polls: 0,
        errorsInARow: 0,
      }
      await seed.insert(job)
    }
    await seed.close()
    const t0 = performance.now()
    const hub = await hubOn(dir.file, new VirtualClock())
    const opened = performance.now()
    const resumed = await hub.jobs.resume()
    const done = performance.now()
    await hub.close()
    if (resumed !== jobs) throw new Error(`resumed ${resumed} of ${jobs} jobs`)
    return { jobs, openMs: round(opened - t0, 1), resumeMs: round(done - opened, 1) }
  } finally {
    dir.remove()
  }
}

/**
 * The durable gateway's benchmark (`pnpm bench:hub`): upstream status requests per job with 1,
 * 10 and 100 watchers (virtual time; flat is the aim), 10 000 jobs held by one gateway's job
 * layer (CPU, RSS, store writes per second, on the wall clock), and the time to resume 10 000
 * unfinished jobs after a restart.
 */
export async function runHub(options: { smoke: boolean }): Promise<HubResults> {
  const { smoke } = options
  const watchers: WatcherRow[] = []
  for (const n of [1, 10, 100]) watchers.push(await watchersRow(n, smoke ? 2 : 20))
  return {
    watchers,
    load: await load(smoke ? 200 : 10_000, smoke ? 1 : 20, 100),
    resume: await resume(smoke ? 200 : 10_000),
    machine: machineInfo(),
  }
}

export function reportHub(r: HubResults): string {
  const watchers = formatTable(
    ['watchers per job', 'jobs', 'status requests per job'],
    r.watchers.map((w) => [w.watchers, w.jobs, fmt(w.statusRequestsPerJob)]),
  )
  const l = r.load
  return [
    watchers,
    '',
    `${l.jobs} jobs held for ${l.seconds} s at ${l.requestsPerSecond} req/s: CPU ${l.cpuPercent} %, RSS ${l.rssMiB} MiB, ${l.storeWritesPerSecond} store writes/s, ${l.statusRequestsPerSecond} status requests/s`,
    `resume ${r.resume.jobs} unfinished jobs: store opened in ${r.resume.openMs} ms, all held again in ${r.resume.resumeMs} ms`,
  ].join('\n')
}
