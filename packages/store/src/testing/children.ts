import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'

const CHILD = fileURLToPath(new URL('./store-child.ts', import.meta.url))
const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url))
// Root ignores file permissions; without these two capabilities it is held to them like anyone.
const WITHOUT_OVERRIDES = [
  '--inh-caps=-dac_override,-dac_read_search',
  '--bounding-set=-dac_override,-dac_read_search',
]

/** A store child process (see `store-child.ts`) with its stdout read line by line. */
export interface StoreChild {
  process: ChildProcess
  /** Resolves with the next line the child prints. */
  line(): Promise<string>
  /** Resolves with the exit code once the child has ended. */
  exited: Promise<number | null>
}

/**
 * Starts `store-child.ts` with tsx, as the package's sources run. `restricted` holds the child to
 * file permissions even when the tests run as root (CI does), as any other user would be.
 */
export function startChild(args: string[], options: { restricted?: boolean } = {}): StoreChild {
  const node = [
    process.execPath,
    '--conditions=@darkroom/source',
    '--import',
    'tsx',
    CHILD,
    ...args,
  ]
  const root = process.getuid?.() === 0
  const [command, ...rest] =
    options.restricted && root ? ['setpriv', ...WITHOUT_OVERRIDES, ...node] : node
  const child = spawn(command as string, rest, {
    cwd: PACKAGE_DIR,
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const queued: string[] = []
  const waiting: ((line: string) => void)[] = []
  let buffer = ''
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk
    for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
      const line = buffer.slice(0, end)
      buffer = buffer.slice(end + 1)
      const next = waiting.shift()
      if (next) next(line)
      else queued.push(line)
    }
  })
  const exited = once(child, 'exit').then(([code]) => code as number | null)
  const line = () => {
    const ready = queued.shift()
    if (ready !== undefined) return Promise.resolve(ready)
    return Promise.race([
      new Promise<string>((resolve) => waiting.push(resolve)),
      exited.then((code) =>
        Promise.reject(new Error(`the store child exited (${code}) before printing a line`)),
      ),
    ])
  }
  return { process: child, line, exited }
}

/** Runs `store-child.ts open <path>` and returns what it printed. */
export async function openInChild(
  path: string,
  options: { restricted?: boolean; exclusive?: boolean } = {},
): Promise<{ ok: boolean; reason?: string; message?: string }> {
  const child = startChild(['open', path, ...(options.exclusive ? ['exclusive'] : [])], options)
  const line = await child.line()
  await child.exited
  return JSON.parse(line) as { ok: boolean; reason?: string; message?: string }
}
