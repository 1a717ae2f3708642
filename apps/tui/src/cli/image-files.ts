import { access, mkdir, stat, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { UsageError } from '../connect.js'

/** File extensions by MIME type where the subtype is not the usual extension. */
const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/svg+xml': 'svg',
  'image/x-icon': 'ico',
}

/** The extension for an image's MIME type: `image/png` → `png`; not an image → `bin`. */
export function imageExtension(mimeType: string): string {
  const type = mimeType.split(';')[0]?.trim().toLowerCase() ?? ''
  const known = EXTENSIONS[type]
  if (known) return known
  const subtype = type.startsWith('image/') ? type.slice(6).replace(/[^a-z0-9]/g, '') : ''
  return subtype || 'bin'
}

/** A file name for image `index` of a job: `<provider job id>-<index>.<ext>`. */
export function imageFileName(providerJobId: string, index: number, mimeType: string): string {
  return `${providerJobId.replace(/[^A-Za-z0-9_-]/g, '_')}-${index}.${imageExtension(mimeType)}`
}

/** Whether `path` is an existing directory. */
export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory()
  } catch {
    return false
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path)
    return true
  } catch {
    return false
  }
}

const refusal = (paths: string[]) =>
  new UsageError(
    `${paths.length === 1 ? `${paths[0]} already exists` : `these files already exist: ${paths.join(', ')}`}; add --force to overwrite, or choose another --out.`,
  )

/**
 * Writes files, creating their folders. Without `force` nothing is written when any of them
 * exists (checked for all first, so a refusal leaves no half-saved job), and each is still
 * opened exclusively in case one appears meanwhile.
 */
export async function writeFiles(
  files: readonly { path: string; bytes: Uint8Array }[],
  force: boolean,
): Promise<void> {
  if (!force) {
    const taken: string[] = []
    for (const file of files) if (await exists(file.path)) taken.push(file.path)
    if (taken.length > 0) throw refusal(taken)
  }
  for (const file of files) {
    await mkdir(dirname(file.path), { recursive: true })
    try {
      await writeFile(file.path, file.bytes, { flag: force ? 'w' : 'wx' })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw refusal([file.path])
      throw error
    }
  }
}
