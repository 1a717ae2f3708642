// Child-process entry for `pnpm bench:tui`: the load runs in a process of its own (started in
// the terminal package's directory, see `runTui`) and sends the result back over IPC.
import { runDashboardLoad } from './dashboard-load.js'

const [jobs, updateEveryMs, durationMs] = process.argv.slice(2).map(Number)
const result = await runDashboardLoad({
  jobs: jobs ?? 200,
  updateEveryMs: updateEveryMs ?? 50,
  durationMs: durationMs ?? 10_000,
})
process.send?.(result)
process.exit(0)
