import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DurationLearner, VirtualClock } from '@darkroom/core'
import { demoConnection } from '../src/connect.js'
import { HistoryStore } from '../src/history/history-store.js'
import { JobBook } from '../src/history/job-book.js'
import type { ImageActions } from '../src/ui/image-actions.js'

/** A demo connection on a virtual clock, with an empty history in a temporary folder. */
export function demoSetup(seed = 11) {
  void DurationLearner
  const clock = new VirtualClock()
  const connection = demoConnection(seed, clock)
  const dir = mkdtempSync(join(tmpdir(), 'darkroom-tui-'))
  const store = new HistoryStore(join(dir, 'history.json'))
  const book = new JobBook(store, [])
  return { clock, connection, dir, store, book }
}

/** Image actions that record what was asked instead of touching the terminal or the disk. */
export function fakeActions() {
  const calls: string[] = []
  const actions: ImageActions = {
    preview: async (bytes) => `[preview ${bytes.length} bytes]`,
    open: async (_bytes, name) => void calls.push(`open ${name}`),
    save: async (_bytes, name) => {
      calls.push(`save ${name}`)
      return `/saved/${name}`
    },
  }
  return { actions, calls }
}

/** Lets Ink process input and React re-render. */
export const tick = (ms = 80) => new Promise((r) => setTimeout(r, ms))

/** Waits until `check` passes (polling), or fails with what it last saw. */
export async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}
