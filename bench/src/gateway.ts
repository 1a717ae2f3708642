import type { Job, JobHandle } from '@darkroom/core'
import { loadInterleaved } from './gateway/interleaved.js'
import { eachLimited, submitLongJob } from './gateway/jobs.js'
import { type LoadResult, load } from './gateway/load.js'
import {
  BENCH_KEY,
  type ChildServer,
  childMemory,
  startEmulator,
  startGateway,
  startRawProxy,
} from './gateway/processes.js'

import { statusCallSigner } from './gateway/signed-status.js'
import { type HeldStream, holdStream, waitUntil } from './gateway/streams.js'
import { type MachineInfo, machineInfo } from './lib/machine.js'
import { round } from './lib/stats.js'

export { reportGateway } from './gateway/report.js'

/** What `runGateway` returns and `results/gateway.json` holds. */
export interface GatewayResults {
  status: {
    direct: LoadResult
    /** The same status call through the raw node:http proxy: the floor of any proxy. */
    rawProxy: LoadResult
    gateway: LoadResult
    /** Gateway minus direct. */
    addedLatencyMs: { p50: number; p99: number; mean: number }
    /** Gateway throughput as a share of direct. */
    throughputRatio: number
    /**
     * CPU milliseconds per request of each server process (user + system, all threads): what a
     * request costs regardless of how the three processes share this machine's cores.
     */
    cpuMsPerRequest: {
      emulatorDirect: number
      rawProxy: number
      emulatorBehindRawProxy: number
      gateway: number
      emulatorBehindGateway: number
    }
    /** Issue #13's aim: the gateway's CPU per request at most `aim` times the raw proxy's. */
    proxyAim: { gatewayOverRawProxy: number; aim: number; met: boolean }
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
    /** Seconds per target, over `rounds` rounds taken in turn. */
    seconds: number
    rounds: number
    setup: string
  }
  machine: MachineInfo
  wallSeconds: number
}

const mib = (m: NodeJS.MemoryUsage) => ({
  rss: round(m.rss / 2 ** 20, 1),
  heapUsed: round(m.heapUsed / 2 ** 20, 1),
})

/** Issue #13's aim: the gateway's CPU per request at most twice the raw proxy's, same run. */
export const GATEWAY_PROXY_AIM = 2

/**
 * The gateway benchmark, on loopback: the SpeedPix emulator and the Node gateway each run in a
 * process of their own; autocannon (in this process) sends `GET /v1/jobs/:id` through the gateway
 * and the same status call, signed, straight to the emulator. Then event streams are held open
 * and the gateway's memory is measured per stream.
 */
export async function runGateway(options: { smoke: boolean }): Promise<GatewayResults> {
  const started = performance.now()
  // Per target, in rounds taken in turn with the other targets (see loadInterleaved).
  const seconds = options.smoke ? 1 : 12
  const rounds = options.smoke ? 1 : 4
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
    const raw = await startRawProxy(emulator.url, emulator.info.credentials, handle)
    children.push(raw)
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
      await load({ url: raw.url, seconds: 2, connections, request: viaGateway })
      await load({ url: gateway.url, seconds: 2, connections, request: viaGateway })
    }
    const measured = await loadInterleaved(
      {
        direct: { load: { url: emulator.url, next: sign }, servers: [emulator] },
        rawProxy: { load: { url: raw.url, request: viaGateway }, servers: [raw, emulator] },
        gateway: { load: { url: gateway.url, request: viaGateway }, servers: [gateway, emulator] },
      },
      { rounds, seconds: seconds / rounds, connections },
    )
    const direct = measured.direct.load
    const proxied = measured.rawProxy.load
    const through = measured.gateway.load
    const [rawCpu = 0, behindRaw = 0] = measured.rawProxy.cpuMsPerRequest
    const [gatewayCpu = 0, behindGateway = 0] = measured.gateway.cpuMsPerRequest
    const cpuMsPerRequest = {
      emulatorDirect: measured.direct.cpuMsPerRequest[0] ?? 0,
      rawProxy: rawCpu,
      emulatorBehindRawProxy: behindRaw,
      gateway: gatewayCpu,
      emulatorBehindGateway: behindGateway,
    }
    const gatewayOverRawProxy = round(cpuMsPerRequest.gateway / cpuMsPerRequest.rawProxy, 2)

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
        rawProxy: proxied,
        gateway: through,
        addedLatencyMs: {
          p50: round(through.latencyMs.p50 - direct.latencyMs.p50, 2),
          p99: round(through.latencyMs.p99 - direct.latencyMs.p99, 2),
          mean: round(through.latencyMs.mean - direct.latencyMs.mean, 2),
        },
        throughputRatio: round(through.requestsPerSecond / direct.requestsPerSecond, 2),
        cpuMsPerRequest,
        proxyAim: {
          gatewayOverRawProxy,
          aim: GATEWAY_PROXY_AIM,
          met: gatewayOverRawProxy <= GATEWAY_PROXY_AIM,
        },
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
        rounds,
        setup:
          'emulator, raw proxy, gateway and autocannon in four processes on this machine, loopback HTTP/1.1 keep-alive; the gateway in live mode (real adapter, emulator as upstream), request logging to /dev/null; the raw proxy is bare node:http making the same signed upstream call',
      },
      machine: machineInfo(),
      wallSeconds: round((performance.now() - started) / 1000, 1),
    }
  } finally {
    for (const s of streams) s.close()
    for (const c of children.reverse()) c.stop()
  }
}
