import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'

const made: string[] = []

/** A fresh temporary directory, removed after the test (write permission restored first). */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'darkroom-store-'))
  made.push(dir)
  return dir
}

afterEach(() => {
  for (const dir of made.splice(0)) {
    restoreAccess(dir)
    rmSync(dir, { recursive: true, force: true })
  }
})

// Tests make files and directories read-only; removing them needs the write bits back.
function restoreAccess(dir: string): void {
  chmodSync(dir, 0o700)
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) restoreAccess(join(dir, entry.name))
  }
}
