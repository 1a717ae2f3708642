import { lstat, readFile, rename } from 'node:fs/promises'
import * as v from 'valibot'
import { type HistoryEntry, HistoryEntrySchema, type HistoryStore } from './history-store.js'

/** What an import needs of the history: to add an entry unless its job is there. */
type Target = Pick<HistoryStore, 'add'>

/**
 * Imports the JSON history of earlier versions (`{ "version": 1, "jobs": [...] }`) into the
 * SQLite history once, then renames it to `<name>.imported` so it is never imported again. Each
 * entry is checked on its own: a bad one is skipped with a warning naming it, the others come
 * in; a byte-order mark is ignored. A file that is not such a history (not a regular file, not
 * JSON, another version) is left where it is, untouched, with a warning saying what to do.
 * Jobs already in the history are kept as they are, so two processes importing at once are fine.
 */
export async function importJsonHistory(
  path: string,
  history: Target,
  warn: (message: string) => void,
): Promise<number> {
  // lstat, never open first: a named pipe at the path would block the read forever.
  const found = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null
    throw error
  })
  if (!found) return 0
  const leave = (why: string) => {
    warn(
      `The old history ${path} was not imported: ${why}. Darkroom left it as it is; move it away to stop this message.`,
    )
    return 0
  }
  if (!found.isFile()) return leave('it is not a regular file')
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    return leave(`it cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`)
  }
  let json: unknown
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch {
    return leave('it is not JSON')
  }
  const file = json as { version?: unknown; jobs?: unknown } | null
  if (typeof file !== 'object' || file === null || file.version !== 1 || !Array.isArray(file.jobs))
    return leave(
      `it is not a version 1 history ({"version":1,"jobs":[...]}, found version ${JSON.stringify(file?.version ?? null)})`,
    )
  let added = 0
  let skipped = 0
  for (const [index, raw] of file.jobs.entries()) {
    const parsed = v.safeParse(HistoryEntrySchema, raw)
    if (!parsed.success) {
      skipped += 1
      warn(
        `Skipped job ${index + 1} of the old history ${path}: ${v.summarize(parsed.issues).split('\n')[0]}.`,
      )
      continue
    }
    if (await history.add(parsed.output as HistoryEntry)) added += 1
  }
  try {
    await rename(path, `${path}.imported`)
  } catch (error) {
    // ENOENT: another process importing at the same moment renamed it first.
    const code = (error as NodeJS.ErrnoException).code
    if (code !== 'ENOENT')
      warn(
        `Imported the old history ${path} but could not rename it to ${path}.imported (${code}); it is read again next time, which keeps the jobs already there.`,
      )
  }
  if (skipped > 0)
    warn(`Imported ${added} jobs from ${path} (now ${path}.imported); ${skipped} skipped.`)
  return added
}
