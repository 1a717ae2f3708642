// Gateways in child processes, for the tests that need a real process (the runtimes' smoke tests,
// the restart test): started from a command, found by the line they print once listening.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** apps/api, with a trailing slash. */
export const APP = fileURLToPath(new URL('..', import.meta.url))

/** A running child gateway: its URL and everything it printed so far. */
export interface ChildGateway {
  url: string
  child: ChildProcess
  output: () => string
}

/**
 * Starts `path args` in apps/api with a clean environment (demo mode on a free port unless `env`
 * says otherwise) and resolves once it prints that it is listening; rejects with its output if
 * it exits first. The child is pushed to `children` for the caller to stop.
 */
export function startChild(
  path: string,
  args: string[],
  children: ChildProcess[],
  env: Record<string, string> = {},
): Promise<ChildGateway> {
  const child = spawn(path, args, {
    cwd: APP,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let output = ''
  return new Promise((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString()
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1]
      if (url) resolve({ url, child, output: () => output })
    }
    child.stdout?.on('data', read)
    child.stderr?.on('data', read)
    child.once('error', reject)
    child.once('exit', (code) =>
      reject(new Error(`exited with ${code} before listening:\n${output}`)),
    )
  })
}

/** Sends `signal` (default SIGTERM) and resolves once the child has exited. */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill(signal)
  })
}

/** A fresh temporary data directory (`DARKROOM_DATA_DIR`) and the function that removes it. */
export function tempDataDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'darkroom-gateway-'))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}
