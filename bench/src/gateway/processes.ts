import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { JobHandle } from '@darkroom/core'
import { forkTs, nextMessage } from '../lib/fork-ts.js'

/** A server running in a child process. */
export interface ChildServer<Extra = object> {
  url: string
  child: ChildProcess
  info: Extra
  stop(): void
}

const isReady = (m: unknown) => typeof m === 'object' && m !== null && 'ready' in m

async function startChild<Extra>(
  file: string,
  options: { env?: NodeJS.ProcessEnv; execArgv?: string[] } = {},
): Promise<ChildServer<Extra>> {
  const child = forkTs(fileURLToPath(new URL(file, import.meta.url)), options)
  const ready = await nextMessage<{ url: string } & Extra>(child, isReady)
  return { url: ready.url, child, info: ready, stop: () => void child.kill() }
}

/** SpeedPix credentials as the emulator reports them. */
export interface SpeedpixCredentials {
  appKey: string
  appSecret: string
}

/** Starts the SpeedPix emulator in its own process, on loopback and the wall clock. */
export function startEmulator(): Promise<ChildServer<{ credentials: SpeedpixCredentials }>> {
  return startChild('./emulator-server.ts')
}

/** The API key the benchmark authenticates with. */
export const BENCH_KEY = 'bench-secret-key-0123456789'

/**
 * Starts the Node gateway in its own process in live mode (not demo), pointed at the emulator
 * over loopback, with `--expose-gc` so memory can be measured after a full collection.
 */
export async function startGateway(
  emulatorUrl: string,
  credentials: SpeedpixCredentials,
): Promise<ChildServer> {
  // Its job store in a directory of its own, removed when it stops.
  const dataDir = mkdtempSync(join(tmpdir(), 'darkroom-bench-gateway-'))
  const env = {
    DARKROOM_DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    SPEEDPIX_APP_KEY: credentials.appKey,
    SPEEDPIX_APP_SECRET: credentials.appSecret,
    SPEEDPIX_BASE_URL: emulatorUrl,
    DARKROOM_API_KEYS: `bench:${BENCH_KEY}`,
    DARKROOM_TOKEN_SECRET: 'bench-token-secret-0123456789abcdefghijklmnop',
  }
  const started = await startChild<object>('./gateway-server.ts', {
    env: { ...process.env, BENCH_GATEWAY_ENV: JSON.stringify(env) },
    execArgv: ['--expose-gc'],
  })
  started.child.once('exit', () => rmSync(dataDir, { recursive: true, force: true }))
  return started
}

/**
 * Starts the raw `node:http` proxy in its own process: for every request, the same signed status
 * call for `handle` to the emulator, answered back unchanged. The floor a gateway is measured
 * against.
 */
export function startRawProxy(
  emulatorUrl: string,
  credentials: SpeedpixCredentials,
  handle: JobHandle,
): Promise<ChildServer> {
  const config = { upstream: emulatorUrl, credentials, handle }
  return startChild('./raw-proxy-server.ts', {
    env: { ...process.env, BENCH_RAW_PROXY: JSON.stringify(config) },
  })
}

/** A child server's memory after a full garbage collection. */
export async function childMemory(server: ChildServer): Promise<NodeJS.MemoryUsage> {
  const answer = nextMessage<{ memory: NodeJS.MemoryUsage }>(
    server.child,
    (m) => typeof m === 'object' && m !== null && 'memory' in m,
  )
  server.child.send({ type: 'memory' })
  return (await answer).memory
}

/** A child server's CPU time so far, microseconds (user + system, all threads). */
export async function childCpu(server: ChildServer): Promise<number> {
  const answer = nextMessage<{ cpu: NodeJS.CpuUsage }>(
    server.child,
    (m) => typeof m === 'object' && m !== null && 'cpu' in m,
  )
  server.child.send({ type: 'cpu' })
  const { cpu } = await answer
  return cpu.user + cpu.system
}
