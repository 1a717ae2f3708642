import type { GatewayResults } from '../gateway.js'
import { round } from '../lib/stats.js'
import { formatTable } from '../lib/table.js'
import type { LoadResult } from './load.js'

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
  const cpu = r.status.cpuMsPerRequest
  const aim = r.status.proxyAim
  return [
    `Gateway: GET /v1/jobs/:id (${r.settings.provider}, ${r.settings.connections} connections, ${r.settings.seconds} s per target in ${r.settings.rounds} rounds taken in turn) vs the same status call straight to the emulator and through a raw node:http proxy. ${r.settings.setup}.`,
    formatTable(
      ['target', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'errors'],
      [
        row('emulator direct', r.status.direct),
        row('raw node:http proxy', r.status.rawProxy),
        row('through gateway', r.status.gateway),
      ],
    ),
    `Added by the gateway: p50 +${r.status.addedLatencyMs.p50} ms, p99 +${r.status.addedLatencyMs.p99} ms; throughput ${r.status.throughputRatio}× of direct.`,
    formatTable(
      ['CPU ms per request', 'server', 'emulator behind it'],
      [
        ['emulator direct', cpu.emulatorDirect, '-'],
        ['raw node:http proxy', cpu.rawProxy, cpu.emulatorBehindRawProxy],
        ['gateway', cpu.gateway, cpu.emulatorBehindGateway],
      ],
    ),
    `Aim: gateway CPU per request ≤ ${aim.aim}× the raw proxy's, same run: ${aim.gatewayOverRawProxy}× (${cpu.gateway} ms against ${cpu.rawProxy} ms), ${aim.met ? 'met' : `missed by ${round(aim.gatewayOverRawProxy - aim.aim, 2)}× (${round(cpu.gateway - aim.aim * cpu.rawProxy, 3)} ms over)`}.`,
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
