import { availableParallelism } from 'node:os'
import { forkTs, nextMessage } from './fork-ts.js'

/**
 * Child processes run at once: `BENCH_PARALLEL`, or one per core (each run keeps about one core
 * busy: its main thread, plus WebCrypto work on libuv's thread pool while the main thread waits).
 */
export function defaultParallelism(): number {
  const fromEnv = Number(process.env.BENCH_PARALLEL)
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : availableParallelism()
}

/**
 * Runs tasks in child processes, `size` at a time, each task in a process of its own so runs
 * never share an event loop, a heap or a garbage collector. `file` must answer one IPC message
 * `{ task }` with `{ result }` or `{ error }`.
 */
export async function runInChildren<T, R>(
  file: string,
  tasks: readonly T[],
  size: number = defaultParallelism(),
): Promise<R[]> {
  const results: R[] = new Array(tasks.length)
  let next = 0
  const lane = async () => {
    while (next < tasks.length) {
      const index = next++
      const child = forkTs(file)
      try {
        const answer = nextMessage<{ result?: R; error?: string }>(
          child,
          (m) => typeof m === 'object' && m !== null && ('result' in m || 'error' in m),
        )
        child.send({ task: tasks[index] })
        const { result, error } = await answer
        if (error !== undefined) throw new Error(error)
        results[index] = result as R
      } finally {
        child.kill()
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(size, tasks.length)) }, lane))
  return results
}

/** The child side of {@link runInChildren}: answers one task with `work`, then exits. */
export function serveTask<T, R>(work: (task: T) => Promise<R>): void {
  process.once('message', (message: { task: T }) => {
    work(message.task).then(
      (result) => process.send?.({ result }, () => process.exit(0)),
      (error: unknown) =>
        process.send?.(
          { error: error instanceof Error ? (error.stack ?? error.message) : String(error) },
          () => process.exit(1),
        ),
    )
  })
}
