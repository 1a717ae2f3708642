#!/usr/bin/env node
// `pnpm emulator`: serves the three provider emulators on loopback and prints how to reach them.
import { parseArgs } from 'node:util'
import { runEmulators } from './node/run.js'

const HELP = `Usage: pnpm emulator [--host 127.0.0.1] [--port 4010] [--seed 1]

Serves local emulators of the three providers:
  aicontent on port BASE, speedpix on BASE+1, aidge on BASE+2 (BASE defaults to 4010).

Options:
  --host HOST   interface to listen on (default 127.0.0.1)
  --port BASE   first port (default 4010)
  --seed N      simulator seed, for repeatable runs (default 1)
  -h, --help    show this help
`

function fail(message: string): never {
  console.error(`emulator: ${message}\n\n${HELP}`)
  process.exit(2)
}

function main(argv: string[]): Promise<void> {
  let values: { host?: string; port?: string; seed?: string; help?: boolean }
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }))
  } catch (error) {
    fail((error as Error).message)
  }
  if (values.help) {
    console.log(HELP)
    return Promise.resolve()
  }
  const host = values.host ?? '127.0.0.1'
  const base = Number(values.port ?? '4010')
  if (!Number.isInteger(base) || base < 1 || base > 65533)
    fail(`--port must be a whole number from 1 to 65533, got "${values.port}"`)
  const seed = Number(values.seed ?? '1')
  if (!Number.isInteger(seed)) fail(`--seed must be a whole number, got "${values.seed}"`)
  return start(host, base, seed)
}

async function start(host: string, basePort: number, seed: number): Promise<void> {
  let running: Awaited<ReturnType<typeof runEmulators>>
  try {
    running = await runEmulators({ host, basePort, seed })
  } catch (error) {
    fail((error as Error).message)
  }
  console.log(`${running.banner}\nPress Ctrl+C to stop.`)
  const stop = async () => {
    await running.close()
    process.exit(0)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

// `pnpm emulator -- --port 5000` passes the `--` through; it means nothing here.
const args = process.argv.slice(2)
await main(args[0] === '--' ? args.slice(1) : args)
