#!/usr/bin/env node
// The `darkroom` command. It loads only what the command asked for: `--help` needs commander
// alone, the dashboard's React and Ink load when it opens.
const { applyNoColor, prepareDashboardEnv } = await import('./cli/terminal-env.js')
// NO_COLOR must be honoured before any colour library loads.
applyNoColor(process.env)
const { runProgram } = await import('./cli/program.js')
const { processIo } = await import('./cli/io.js')
const { startDir } = await import('./cli/start-dir.js')
const start = startDir(process.env, process.cwd())

async function readStdin(): Promise<string | null> {
  if (process.stdin.isTTY) return null
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

const code = await runProgram(process.argv.slice(2), {
  io: processIo,
  env: process.env,
  isTTY: Boolean(process.stdout.isTTY && process.stdin.isTTY),
  startDir: start,
  readStdin,
  async openDashboard(connection, book, notice) {
    // Before Ink and chalk load: they read the environment once, when loaded.
    prepareDashboardEnv(process.env)
    const { resolve } = await import('node:path')
    const { runDashboard } = await import('./ui/run-dashboard.js')
    return runDashboard(
      connection,
      book,
      notice,
      resolve(start, process.env.DARKROOM_SAVE_DIR?.trim() || 'darkroom-images'),
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
