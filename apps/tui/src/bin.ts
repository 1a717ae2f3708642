#!/usr/bin/env node
// The `darkroom` command. NO_COLOR must be honoured before any colour library loads.
if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') process.env.FORCE_COLOR = '0'

const { runProgram } = await import('./cli/program.js')
const { processIo } = await import('./cli/io.js')

const code = await runProgram(process.argv.slice(2), {
  io: processIo,
  env: process.env,
  isTTY: Boolean(process.stdout.isTTY && process.stdin.isTTY),
  async openDashboard(connection, book, notice) {
    // Ink draws only a final frame when it thinks it runs in CI (any CI variable set). The
    // dashboard only opens on a real terminal, where live drawing is the point, so say so
    // before Ink is first loaded.
    process.env.CI = 'false'
    const { runDashboard } = await import('./ui/run-dashboard.js')
    return runDashboard(
      connection,
      book,
      notice,
      process.env.DARKROOM_SAVE_DIR?.trim() || 'darkroom-images',
    )
  },
  async runEmulator(options) {
    const { runEmulators } = await import('@darkroom/emulator/node')
    try {
      const running = await runEmulators({
        host: options.host,
        basePort: options.port,
        seed: options.seed,
      })
      console.log(`${running.banner}\nPress Ctrl+C to stop.`)
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve)
        process.once('SIGTERM', resolve)
      })
      await running.close()
      return 0
    } catch (error) {
      console.error(`darkroom emulator: ${(error as Error).message}`)
      return 2
    }
  },
})
process.exit(code)
