import { mkdirSync, type Stats, statSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { StoreError } from '../sql/store-error.js'

/**
 * Makes sure `path` (the file of a `label`, as messages name it) can be handed to SQLite: its directory exists (created `0700`, since job
 * history is private), and the path is a regular file (created empty, `0600`, when absent). A
 * directory, pipe, socket or device there is refused before SQLite sees it: opening a named pipe
 * would block forever. Never changes an existing file or its mode.
 */
export function preparePath(path: string, label = 'job store'): void {
  const directory = dirname(path)
  try {
    mkdirSync(directory, { recursive: true, mode: 0o700 })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const why =
      code === 'EEXIST' || code === 'ENOTDIR'
        ? `: ${directory} or a directory above it is a file`
        : ''
    throw fsError(error, path, `cannot have its directory ${directory} created${why}`, label)
  }
  const found = statOrNull(path, label)
  if (found) {
    checkKind(found, path, label)
    return
  }
  try {
    writeFileSync(path, '', { flag: 'wx', mode: 0o600 })
  } catch (error) {
    // Another process opening the same new store made it first; check what is there now.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw fsError(error, path, 'cannot be created', label)
    }
    const now = statOrNull(path, label)
    if (now) checkKind(now, path, label)
  }
}

function statOrNull(path: string, label: string): Stats | null {
  try {
    return statSync(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw fsError(error, path, 'cannot be looked at', label)
  }
}

function checkKind(stats: Stats, path: string, label: string): void {
  if (stats.isFile()) return
  const kind = stats.isDirectory()
    ? 'a directory'
    : stats.isFIFO()
      ? 'a named pipe'
      : stats.isSocket()
        ? 'a socket'
        : 'a device or other special file'
  throw new StoreError(`The ${label} ${path} is ${kind}, not a file.`, {
    path,
    reason: 'not-a-store',
  })
}

function fsError(error: unknown, path: string, problem: string, label: string): StoreError {
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown error'
  return new StoreError(`The ${label} ${path} ${problem} (${code}).`, {
    path,
    reason: 'unreadable',
    cause: error,
  })
}
