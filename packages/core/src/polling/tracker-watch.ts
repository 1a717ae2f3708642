import { startTimer } from '../clock/clock.js'
import type { JobHandle } from '../model/handle.js'
import { isTerminalState, type Job } from '../model/job.js'
import { JobWatcher } from './job-watcher.js'
import { deadlineError, type Tracked, watchAborted } from './tracked-job.js'
import type { TrackerLoop } from './tracker-loop.js'
import type { TrackerWatchOptions } from './tracker-options.js'

/**
 * One watcher's iteration of the job `id` of a tracker: the current snapshot, then each changed
 * one, ending after the terminal one. Its deadline and signal are its own; leaving never disturbs
 * the others, and the last one out drops the job unless it is held.
 */
export async function* watchTracked(
  loop: TrackerLoop,
  id: string,
  handle: JobHandle,
  options: TrackerWatchOptions,
): AsyncGenerator<Job, void, undefined> {
  const { signal } = options
  if (signal?.aborted) throw watchAborted(handle, signal.reason)
  const timeoutMs = options.timeoutMs ?? loop.timeoutMs
  const watcher = new JobWatcher()
  const tracked = join(loop, id, handle, watcher, options)
  const cancelTimer = startTimer(loop.clock, timeoutMs, () =>
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
    tracked.watchers.delete(watcher)
    const idle = tracked.watchers.size === 0 && tracked.holders.length === 0
    if (idle && loop.jobs.get(tracked.id) === tracked) loop.drop(tracked)
  }
}

/** Tracks the job (or finds it tracked), adds the watcher and hands it the current snapshot. */
function join(
  loop: TrackerLoop,
  id: string,
  handle: JobHandle,
  watcher: JobWatcher,
  options: TrackerWatchOptions,
): Tracked {
  const adapter = loop.adapterFor(handle)
  const existing = loop.jobs.get(id)
  if (existing) {
    existing.watchers.add(watcher)
    if (existing.poller.last) watcher.deliver(existing.poller.last)
    else if (options.initial) watcher.seed(options.initial)
    return existing
  }
  const tracked = loop.create(id, handle, adapter, options.submittedAt, Infinity)
  tracked.watchers.add(watcher)
  loop.start(tracked, options.initial, undefined)
  return tracked
}
