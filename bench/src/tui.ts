import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { forkTs, nextMessage } from './lib/fork-ts.js'
import { type MachineInfo, machineInfo } from './lib/machine.js'
import { formatTable } from './lib/table.js'
import type { DashboardLoadResult } from './tui/dashboard-load.js'

/** What `runTui` returns and `results/tui.json` holds. */
export interface TuiResults {
  /** The real dashboard in a 120×35 virtual terminal; every job's watcher reports every 50 ms. */
  dashboard: DashboardLoadResult
  settings: { jobs: number; updateEveryMs: number; durationMs: number }
  machine: MachineInfo
}

/**
 * The dashboard with 200 jobs all changing at once: how often it redraws (throttled to about ten
 * times a second whatever the update rate), what a redraw costs, and how responsive the event
 * loop stays.
 */
export async function runTui({ smoke }: { smoke: boolean }): Promise<TuiResults> {
  const settings = smoke
    ? { jobs: 20, updateEveryMs: 50, durationMs: 500 }
    : { jobs: 200, updateEveryMs: 50, durationMs: 10_000 }
  // The child runs in the terminal package's directory: tsx takes its JSX settings from the
  // tsconfig there when it compiles the dashboard's .tsx files (from here they would not compile).
  const tuiDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'apps', 'tui')
  const child = forkTs(join(dirname(fileURLToPath(import.meta.url)), 'tui', 'run-load.ts'), {
    cwd: tuiDir,
    args: [settings.jobs, settings.updateEveryMs, settings.durationMs].map(String),
  })
  const dashboard = await nextMessage<DashboardLoadResult>(
    child,
    (m) => typeof m === 'object' && m !== null && 'jobs' in m,
  )
  return { dashboard, settings, machine: machineInfo() }
}

/** The readable table. */
export function reportTui(result: TuiResults): string {
  const d = result.dashboard
  return [
    `Dashboard under load: ${d.jobs} jobs, each updating every ${result.settings.updateEveryMs} ms, for ${result.settings.durationMs / 1000} s`,
    formatTable(
      ['updates/s', 'redraws/s', 'redraw ms mean', 'p95', 'max', 'loop delay p50 ms', 'p99', 'max'],
      [
        [
          d.updatesPerSecond,
          d.rendersPerSecond,
          d.renderMs.mean,
          d.renderMs.p95,
          d.renderMs.max,
          d.eventLoopDelayMs.p50,
          d.eventLoopDelayMs.p99,
          d.eventLoopDelayMs.max,
        ],
      ],
    ),
  ].join('\n')
}
