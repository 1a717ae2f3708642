import { DarkroomAbortError, type Job } from '@darkroom/core'

/** Rejects the object's `onJob` once this side's watcher has left. */
export class WatcherLeftError extends Error {
  constructor() {
    super('The watcher left: stop pushing snapshots.')
    this.name = 'WatcherLeftError'
  }
}

/**
 * Turns a watch the Durable Object pushes (one `onJob` call per snapshot, then the call's end)
 * into the `AsyncIterable<Job>` the routes read. Each push resolves when the iteration has taken
 * it, so at most one snapshot waits here. When the iteration stops (return, throw, `signal`),
 * later pushes reject, which ends the watch in the object.
 */
export async function* pushedWatch(
  start: (onJob: (job: Job) => Promise<void>) => Promise<void>,
  signal?: AbortSignal,
): AsyncGenerator<Job> {
  let waiting: { job: Job; taken: () => void } | null = null
  let ended: { error: unknown } | null = null
  let left = false
  let wake: (() => void) | null = null
  const notify = () => {
    wake?.()
    wake = null
  }
  const onJob = (job: Job) =>
    new Promise<void>((resolve, reject) => {
      if (left) {
        reject(new WatcherLeftError())
        return
      }
      waiting = { job, taken: resolve }
      notify()
    })
  start(onJob).then(
    () => {
      ended = { error: null }
      notify()
    },
    (error: unknown) => {
      ended = { error }
      notify()
    },
  )
  const onAbort = () => notify()
  signal?.addEventListener('abort', onAbort)
  try {
    for (;;) {
      if (signal?.aborted) {
        throw new DarkroomAbortError('The watch was aborted by its caller.', { call: 'watch' })
      }
      const next = waiting as { job: Job; taken: () => void } | null
      if (next) {
        waiting = null
        next.taken()
        yield next.job
        continue
      }
      const end = ended as { error: unknown } | null
      if (end) {
        if (end.error) throw end.error
        return
      }
      await new Promise<void>((resolve) => {
        wake = resolve
      })
    }
  } finally {
    left = true
    signal?.removeEventListener('abort', onAbort)
    const stale = waiting as { job: Job; taken: () => void } | null
    // A snapshot pushed but never taken: let its push end (the object then sees the next reject).
    stale?.taken()
  }
}
