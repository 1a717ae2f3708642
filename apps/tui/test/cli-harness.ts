import type { VirtualClock } from '@darkroom/core'
import { EXIT } from '../src/cli/exit-codes.js'
import { runProgram } from '../src/cli/program.js'
import { apiConnection } from '../src/connect.js'
import { demoSetup } from './helpers.js'

/** Options of {@link cliHarness}. */
export interface CliHarnessOptions {
  /** What `--key -` reads; default null, as if standard input were a terminal. */
  stdin?: string | null
  /** Variables besides `DARKROOM_STATE_DIR`. Default none. */
  env?: Record<string, string>
  /**
   * A gateway for `--api URL` (any URL reaches it), given the harness's clock: its `fetch`.
   * Default none: every command runs on the demo connection, `--api` or not.
   */
  gateway?: (clock: VirtualClock) => typeof globalThis.fetch
}

/**
 * The `darkroom` command on a demo connection in virtual time, its output captured: `out` and
 * `err` as text, `raw` the bytes written to stdout, `keys` what `connect` was given as the key.
 * The start directory and the history live in a fresh temporary folder (`dir`).
 */
export async function cliHarness(options: CliHarnessOptions = {}) {
  const setup = await demoSetup()
  const out: string[] = []
  const err: string[] = []
  const raw: Uint8Array[] = []
  const opened: string[] = []
  const keys: (string | undefined)[] = []
  const gatewayFetch = options.gateway?.(setup.clock)
  const run = (...argv: string[]) =>
    setup.clock.run(
      runProgram(argv, {
        io: {
          out: (t) => void out.push(t),
          err: (t) => void err.push(t),
          bytes: async (data) => void raw.push(data),
        },
        env: { DARKROOM_STATE_DIR: setup.dir, ...options.env },
        isTTY: false,
        startDir: setup.dir,
        readStdin: async () => options.stdin ?? null,
        connect: (o) => {
          keys.push(o.key)
          return gatewayFetch && o.api && o.key
            ? apiConnection(o.api, o.key, { fetch: gatewayFetch, clock: setup.clock })
            : setup.connection
        },
        openDashboard: async () => {
          opened.push('dashboard')
          return EXIT.ok
        },
        runEmulator: async () => EXIT.ok,
      }),
    )
  return { ...setup, out, err, raw, opened, keys, run }
}
