// Child-process entry for `pnpm bench:tui`: runs the load in this package's own directory (so
// its JSX is compiled with its own settings) and sends the result back over IPC.
import { runDashboardLoad } from './dashboard-load.js'

const [jobs, updateEveryMs, durationMs] = process.argv.slice(2).map(Number)
const result = await runDashboardLoad({
  jobs: jobs ?? 200,
  updateEveryMs: updateEveryMs ?? 50,
  durationMs: durationMs ?? 10_000,
})
process.send?.(result)
process.exit(0)
