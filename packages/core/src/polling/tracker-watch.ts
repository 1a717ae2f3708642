import { type Clock, startTimer } from '../clock/clock.js'
import type { JobHandle } from '../model/handle.js'
import { isTerminalState, type Job } from '../model/job.js'
import { JobWatcher } from './job-watcher.js'
import { deadlineError, type Tracked, watchAborted } from './tracked-job.js'
import type { TrackerWatchOptions } from './tracker-options.js'

/** What a watch needs of its tracker: to join a job's watchers and to leave them. */
export interface WatchPort {
  clock: Clock
  defaultTimeoutMs: number
  /** Tracks the job (or finds it tracked) and adds the watcher; hands it the current snapshot. */
  join(handle: JobHandle, watcher: JobWatcher, options: TrackerWatchOptions): Tracked
  /** Takes the watcher out; the last one out drops the job unless it is held. */
  leave(tracked: Tracked, watcher: JobWatcher): void
}

/**
 * One watcher's iteration of a tracked job: the current snapshot, then each changed one, ending
 * after the terminal one. Its deadline and signal are its own; leaving never disturbs the others.
 */
export async function* watchTracked(
  port: WatchPort,
  handle: JobHandle,
  options: TrackerWatchOptions,
): AsyncGenerator<Job, void, undefined> {
  const { signal } = options
  if (signal?.aborted) throw watchAborted(handle, signal.reason)
  const timeoutMs = options.timeoutMs ?? port.defaultTimeoutMs
  const watcher = new JobWatcher()
  const tracked = port.join(handle, watcher, options)
  const cancelTimer = startTimer(port.clock, timeoutMs, () =>
    watcher.end(deadlineError(handle, timeoutMs, tracked.poller.last), true),
  )
  const onAbort = () => watcher.end(watchAborted(handle, signal?.reason), true)
  signal?.addEventListener('abort', onAbort, { once: true })
  try {
    while (true) {
      const job = await watcher.next()
      yield job
      if (isTerminalState(job.state)) return
    }
  } finally {
    cancelTimer()
    signal?.removeEventListener('abort', onAbort)
    port.leave(tracked, watcher)
  }
}
