import { type ChildProcess, fork } from 'node:child_process'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'

const require = createRequire(import.meta.url)

/**
 * Node flags that let a child run our TypeScript sources directly: tsx's loader, and the
 * `@darkroom/source` condition so workspace packages resolve to `src` (never to a stale `dist`).
 * Resolved from this package, so it works from any working directory and under vitest.
 */
export function tsExecArgv(extra: readonly string[] = []): string[] {
  const loader = pathToFileURL(require.resolve('tsx')).href
  return ['--conditions=@darkroom/source', '--import', loader, ...extra]
}

/** Forks `file` (a .ts module) with an IPC channel; stdout is dropped, stderr is shown. */
export function forkTs(
  file: string,
  options: { args?: string[]; execArgv?: string[]; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): ChildProcess {
  return fork(file, options.args ?? [], {
    cwd: options.cwd,
    execArgv: tsExecArgv(options.execArgv),
    env: options.env ?? process.env,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  })
}

/** Resolves with the child's first IPC message that passes `accept`; rejects if it exits first. */
export function nextMessage<T>(child: ChildProcess, accept: (m: unknown) => boolean): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onMessage = (message: unknown) => {
      if (!accept(message)) return
      cleanup()
      resolve(message as T)
    }
    const onExit = (code: number | null, signal: string | null) => {
      cleanup()
      reject(new Error(`child process exited (code ${code}, signal ${signal}) before answering`))
    }
    const cleanup = () => {
      child.off('message', onMessage)
      child.off('exit', onExit)
    }
    child.on('message', onMessage)
    child.on('exit', onExit)
  })
}
