// The dashboard under load: many jobs whose watchers all report changes every few ms. Redraws are
// throttled by the jobs controller, so the screen redraws about ten times a second whatever the
// update rate, each redraw stays cheap (only visible rows are rendered), and the event loop stays
// responsive. Used by `pnpm bench:tui` (through `run-load.ts`) and by a smoke test.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { PassThrough } from 'node:stream'
import { decodeHandle, encodeHandle, type Job } from '@darkroom/core'
import {
  type Connection,
  demoConnection,
  HistoryStore,
  type ImageActions,
  JobBook,
  JobsController,
  renderDashboard,
} from '@darkroom/tui/dashboard'

type DarkroomClient = Connection['client']

/** Options of {@link runDashboardLoad}. */
export interface DashboardLoadOptions {
  jobs: number
  /** Each job's watcher reports a change this often. */
  updateEveryMs: number
  durationMs: number
}

/** What the run measured. */
export interface DashboardLoadResult {
  jobs: number
  updatesPerSecond: number
  rendersPerSecond: number
  renderMs: { mean: number; p95: number; max: number }
  eventLoopDelayMs: { p50: number; p99: number; max: number }
}

function job(i: number, progress: number): Job {
  const handle = {
    provider: 'speedpix' as const,
    operation: 'txt2img',
    providerJobId: `task-${String(i).padStart(4, '0')}`,
  }
  return {
    id: encodeHandle(handle),
    ...handle,
    state: 'running',
    providerStatus: 'running',
    progress,
    queuePosition: null,
    etaSeconds: Math.round((1 - progress) * 30),
    etaSource: 'provider',
    message: null,
    images: [],
    error: null,
    createdAt: null,
    observedAt: new Date().toISOString(),
    warnings: [],
  }
}

/** A client whose watches emit a new progress value every `everyMs` until aborted. */
function busyClient(
  base: DarkroomClient,
  everyMs: number,
  counter: { updates: number },
): DarkroomClient {
  return {
    ...base,
    jobs: {
      ...base.jobs,
      async *watch(id, options) {
        const i = Number(decodeHandle(id).providerJobId.slice('task-'.length))
        for (let n = 0; !options?.signal?.aborted; n++) {
          await new Promise((r) => setTimeout(r, everyMs))
          counter.updates += 1
          yield job(i, (n % 100) / 100)
        }
      },
    },
  }
}

const noImages: ImageActions = {
  preview: async () => '',
  open: async () => undefined,
  save: async () => '',
}

/** Renders the real dashboard into a 120×35 virtual terminal under a steady stream of updates. */
export async function runDashboardLoad(
  options: DashboardLoadOptions,
): Promise<DashboardLoadResult> {
  const counter = { updates: 0 }
  const connection = demoConnection(1)
  const client = busyClient(connection.client, options.updateEveryMs, counter)
  const store = await HistoryStore.open(
    join(mkdtempSync(join(tmpdir(), 'darkroom-bench-')), 'history.db'),
    { onWarning: (message) => console.warn(message) },
  )
  const book = new JobBook(store, [])
  const controller = new JobsController({ client, book, scope: connection.scope })
  const stdout = Object.assign(new PassThrough(), { columns: 120, rows: 35, isTTY: true })
  stdout.resume()
  const stdin = Object.assign(new PassThrough(), {
    isTTY: true,
    setRawMode: () => undefined,
    ref: () => undefined,
    unref: () => undefined,
  })
  const renderTimes: number[] = []
  const instance = renderDashboard(
    { connection: { ...connection, client }, controller, actions: noImages, tickMs: 0 },
    {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      exitOnCtrlC: false,
      patchConsole: false,
      onRender: ({ renderTime }) => renderTimes.push(renderTime),
    },
  )
  for (let i = 0; i < options.jobs; i++) controller.add(job(i, 0))
  const delay = monitorEventLoopDelay({ resolution: 5 })
  renderTimes.length = 0
  counter.updates = 0
  delay.enable()
  const started = performance.now()
  await new Promise((r) => setTimeout(r, options.durationMs))
  const seconds = (performance.now() - started) / 1000
  delay.disable()
  const renders = renderTimes.length
  controller.close()
  instance.unmount()
  await book.flush()
  const sorted = [...renderTimes].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
  const round = (n: number) => Math.round(n * 100) / 100
  return {
    jobs: options.jobs,
    updatesPerSecond: Math.round(counter.updates / seconds),
    rendersPerSecond: round(renders / seconds),
    renderMs: {
      mean: round(sorted.reduce((a, b) => a + b, 0) / Math.max(1, renders)),
      p95: round(at(0.95)),
      max: round(sorted.at(-1) ?? 0),
    },
    eventLoopDelayMs: {
      p50: round(delay.percentile(50) / 1e6),
      p99: round(delay.percentile(99) / 1e6),
      max: round(delay.max / 1e6),
    },
  }
}
