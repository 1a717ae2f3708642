import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DurationLearner, VirtualClock } from '@darkroom/core'
import { demoConnection } from '../src/connect.js'
import { HistoryStore } from '../src/history/history-store.js'
import { JobBook } from '../src/history/job-book.js'
import type { ImageActions } from '../src/ui/image-actions.js'

/** A demo connection on a virtual clock, with an empty history in a temporary folder. */
export async function demoSetup(seed = 11) {
  void DurationLearner
  const clock = new VirtualClock()
  const connection = demoConnection(seed, clock)
  const dir = mkdtempSync(join(tmpdir(), 'darkroom-tui-'))
  const warnings: string[] = []
  const store = await HistoryStore.open(join(dir, 'history.db'), {
    onWarning: (m) => void warnings.push(m),
  })
  const book = new JobBook(store, [])
  return { clock, connection, dir, store, book, warnings }
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

const POLL_MS = 20
/** The most one poll counts for against a deadline, however late it came. */
const LATE_POLL_MS = 100

/**
 * Waits until `check` passes, polling, or fails saying what it waited for and, given `seen`, what
 * it last saw. The deadline counts the time this process got to poll, not the wall clock: a poll
 * that comes late because the machine is busy counts for at most 100 ms, so a loaded machine gets
 * more time while a check that can never pass still fails.
 */
export async function until(
  check: () => boolean,
  what: string,
  timeoutMs = 15_000,
  seen?: () => string,
): Promise<void> {
  let waited = 0
  let last = Date.now()
  while (!check()) {
    if (waited > timeoutMs)
      throw new Error(`timed out waiting for ${what}${seen ? `; last saw:\n${seen()}` : ''}`)
    await new Promise((r) => setTimeout(r, POLL_MS))
    const now = Date.now()
    waited += Math.min(now - last, LATE_POLL_MS)
    last = now
  }
}
