import type { Job, JobHandle } from '@darkroom/core'
import { type LoadResult, load } from './gateway/load.js'
import {
  BENCH_KEY,
  type ChildServer,
  childCpu,
  childMemory,
  startEmulator,
  startGateway,
} from './gateway/processes.js'
import { statusCallSigner } from './gateway/signed-status.js'
import { type HeldStream, holdStream, waitUntil } from './gateway/streams.js'
import { type MachineInfo, machineInfo } from './lib/machine.js'
import { round } from './lib/stats.js'
import { formatTable } from './lib/table.js'

/** What `runGateway` returns and `results/gateway.json` holds. */
export interface GatewayResults {
  status: {
    direct: LoadResult
    gateway: LoadResult
    /** Gateway minus direct. */
    addedLatencyMs: { p50: number; p99: number; mean: number }
    /** Gateway throughput as a share of direct. */
    throughputRatio: number
    /**
     * CPU milliseconds per request of each server process (user + system, all threads): what a
     * request costs regardless of how the three processes share this machine's cores.
     */
    cpuMsPerRequest: { emulatorDirect: number; gateway: number; emulatorBehindGateway: number }
  }
  streams: {
    streams: number
    holdSeconds: number
    opened: number
    dropped: number
    /** Streams that got at least one `job` event. */
    withEvents: number
    heartbeats: number
    /** Gateway process memory growth per open stream, after a full GC. */
    perStreamKiB: { rss: number; heapUsed: number }
    /** Gateway process memory (MiB) before, with every stream open, and after closing them. */
    memoryMiB: {
      before: { rss: number; heapUsed: number }
      open: { rss: number; heapUsed: number }
      afterClose: { rss: number; heapUsed: number }
    }
  }
  settings: {
    provider: string
    connections: number
    seconds: number
    setup: string
  }
  machine: MachineInfo
  wallSeconds: number
}

const mib = (m: NodeJS.MemoryUsage) => ({
  rss: round(m.rss / 2 ** 20, 1),
  heapUsed: round(m.heapUsed / 2 ** 20, 1),
})

/** Submits one long SpeedPix job through the gateway (long so it stays running throughout). */
async function submitLongJob(gateway: string, seconds: number): Promise<Job> {
  const response = await fetch(`${gateway}/v1/jobs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${BENCH_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      provider: 'speedpix',
      operation: 'txt2img',
      input: { prompt: `a lighthouse at dusk [[duration:${seconds}]]`, width: 256, height: 256 },
    }),
  })
  if (response.status !== 202) {
    throw new Error(`POST /v1/jobs answered ${response.status}: ${await response.text()}`)
  }
  return (await response.json()) as Job
}

/** Runs `work` over `items` with at most `limit` at once. */
async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0
  const lane = async () => {
    while (next < items.length) await work(items[next++] as T)
  }
  await Promise.all(Array.from({ length: limit }, lane))
}

/**
 * The gateway benchmark, on loopback: the SpeedPix emulator and the Node gateway each run in a
 * process of their own; autocannon (in this process) sends `GET /v1/jobs/:id` through the gateway
 * and the same status call, signed, straight to the emulator. Then event streams are held open
 * and the gateway's memory is measured per stream.
 */
export async function runGateway(options: { smoke: boolean }): Promise<GatewayResults> {
  const started = performance.now()
  const seconds = options.smoke ? 1 : 10
  const connections = 10
  const streamCount = options.smoke ? 20 : 1000
  const holdSeconds = options.smoke ? 2 : 30
  const children: ChildServer[] = []
  const streams: HeldStream[] = []
  try {
    const emulator = await startEmulator()
    children.push(emulator)
    const gateway = await startGateway(emulator.url, emulator.info.credentials)
    children.push(gateway)

    // --- GET /v1/jobs/:id against the same status call sent straight to the emulator.
    const job = await submitLongJob(gateway.url, 3600)
    // The gateway's id is a signed token; the emulator is asked about the provider's task id.
    const handle: JobHandle = {
      provider: 'speedpix',
      operation: 'txt2img',
      providerJobId: job.providerJobId,
    }
    const sign = await statusCallSigner(emulator.url, emulator.info.credentials, handle)
    const check = sign()
    const probe = await fetch(`${emulator.url}${check.path}`, { ...check, method: check.method })
    if (probe.status !== 200) {
      throw new Error(`The signed status call was refused: ${probe.status} ${await probe.text()}`)
    }
    const viaGateway = {
      method: 'GET',
      path: `/v1/jobs/${job.id}`,
      headers: { authorization: `Bearer ${BENCH_KEY}` },
    }
    // Warm both paths (JIT, connection pools) before measuring; the smoke run only checks wiring.
    if (!options.smoke) {
      await load({ url: emulator.url, seconds: 2, connections, next: sign })
      await load({ url: gateway.url, seconds: 2, connections, request: viaGateway })
    }
    const e0 = await childCpu(emulator)
    const direct = await load({ url: emulator.url, seconds, connections, next: sign })
    const e1 = await childCpu(emulator)
    const g1 = await childCpu(gateway)
    const through = await load({ url: gateway.url, seconds, connections, request: viaGateway })
    const e2 = await childCpu(emulator)
    const g2 = await childCpu(gateway)
    const perRequest = (us: number, n: number) => round(us / 1000 / Math.max(1, n), 3)
    const cpuMsPerRequest = {
      emulatorDirect: perRequest(e1 - e0, direct.requests),
      gateway: perRequest(g2 - g1, through.requests),
      emulatorBehindGateway: perRequest(e2 - e1, through.requests),
    }

    // --- Event streams held open.
    const jobs: Job[] = []
    await eachLimited(
      Array.from({ length: streamCount }, (_, i) => i),
      20,
      async () => {
        jobs.push(await submitLongJob(gateway.url, 600))
      },
    )
    const before = await childMemory(gateway)
    for (const j of jobs) {
      streams.push(holdStream(`${gateway.url}/v1/jobs/${j.id}/events`, BENCH_KEY))
    }
    await waitUntil(
      () => streams.every((s) => s.events > 0 || s.dropped),
      60_000,
      `${streamCount} streams to get their first event`,
    )
    const open = await childMemory(gateway)
    await new Promise((r) => setTimeout(r, holdSeconds * 1000))
    const opened = streams.filter((s) => s.status === 200).length
    const dropped = streams.filter((s) => s.dropped).length
    const withEvents = streams.filter((s) => s.events > 0).length
    const heartbeats = streams.reduce((sum, s) => sum + s.heartbeats, 0)
    for (const s of streams) s.close()
    // Give the gateway a moment to notice the closed sockets and stop the watches.
    await new Promise((r) => setTimeout(r, options.smoke ? 200 : 2000))
    const afterClose = await childMemory(gateway)

    return {
      status: {
        direct,
        gateway: through,
        addedLatencyMs: {
          p50: round(through.latencyMs.p50 - direct.latencyMs.p50, 2),
          p99: round(through.latencyMs.p99 - direct.latencyMs.p99, 2),
          mean: round(through.latencyMs.mean - direct.latencyMs.mean, 2),
        },
        throughputRatio: round(through.requestsPerSecond / direct.requestsPerSecond, 2),
        cpuMsPerRequest,
      },
      streams: {
        streams: streamCount,
        holdSeconds,
        opened,
        dropped,
        withEvents,
        heartbeats,
        perStreamKiB: {
          rss: round((open.rss - before.rss) / streamCount / 1024, 1),
          heapUsed: round((open.heapUsed - before.heapUsed) / streamCount / 1024, 1),
        },
        memoryMiB: { before: mib(before), open: mib(open), afterClose: mib(afterClose) },
      },
      settings: {
        provider: 'speedpix',
        connections,
        seconds,
        setup:
          'emulator, gateway and autocannon in three processes on this machine, loopback HTTP/1.1 keep-alive; the gateway in live mode (real adapter, emulator as upstream), request logging to /dev/null',
      },
      machine: machineInfo(),
      wallSeconds: round((performance.now() - started) / 1000, 1),
    }
  } finally {
    for (const s of streams) s.close()
    for (const c of children.reverse()) c.stop()
  }
}

/** The readable report. */
export function reportGateway(r: GatewayResults): string {
  const row = (name: string, x: LoadResult) => [
    name,
    x.requestsPerSecond,
    x.latencyMs.p50,
    x.latencyMs.p99,
    x.requests,
    x.errors + x.non2xx,
  ]
  const s = r.streams
  return [
    `Gateway: GET /v1/jobs/:id (${r.settings.provider}, ${r.settings.connections} connections, ${r.settings.seconds} s) vs the same status call straight to the emulator. ${r.settings.setup}.`,
    formatTable(
      ['target', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'errors'],
      [row('emulator direct', r.status.direct), row('through gateway', r.status.gateway)],
    ),
    `Added by the gateway: p50 +${r.status.addedLatencyMs.p50} ms, p99 +${r.status.addedLatencyMs.p99} ms; throughput ${r.status.throughputRatio}× of direct.`,
    `CPU per request: emulator ${r.status.cpuMsPerRequest.emulatorDirect} ms when called directly; gateway ${r.status.cpuMsPerRequest.gateway} ms (+ emulator ${r.status.cpuMsPerRequest.emulatorBehindGateway} ms behind it).`,
    '',
    `Event streams: ${s.streams} held ${s.holdSeconds} s: ${s.opened} opened, ${s.dropped} dropped, ${s.withEvents} got a job event, ${s.heartbeats} heartbeats.`,
    formatTable(
      ['gateway memory', 'rss MiB', 'heapUsed MiB'],
      [
        ['before', s.memoryMiB.before.rss, s.memoryMiB.before.heapUsed],
        [`${s.streams} streams open`, s.memoryMiB.open.rss, s.memoryMiB.open.heapUsed],
        ['after closing', s.memoryMiB.afterClose.rss, s.memoryMiB.afterClose.heapUsed],
        ['per stream (KiB)', s.perStreamKiB.rss, s.perStreamKiB.heapUsed],
      ],
    ),
  ].join('\n')
}
