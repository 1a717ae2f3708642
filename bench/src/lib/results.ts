import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** `bench/results`, where full runs leave their JSON for the README and for review. */
export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'results')

/** Writes `<dir>/<name>.json` (pretty, newline-terminated) and returns its path. */
export function writeResults(name: string, data: unknown, dir: string = RESULTS_DIR): string {
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `${name}.json`)
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`)
  return file
}
