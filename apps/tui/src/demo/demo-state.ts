import { randomInt } from 'node:crypto'
import {
  SIMULATOR_JOBS_TABLE,
  type SimulatorStateStore,
  sqlSimulatorState,
} from '@darkroom/emulator'
import { type Migration, openSqliteFile, StoreError } from '@darkroom/store'

/** The demo state file's schema. A released migration never changes: a change is a new one. */
const DEMO_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    summary: "the demo emulators' seed and jobs",
    statements: [
      'CREATE TABLE demo_seed (id INTEGER PRIMARY KEY CHECK (id = 1), seed INTEGER NOT NULL) STRICT',
      `CREATE TABLE ${SIMULATOR_JOBS_TABLE}`,
    ],
  },
]

const LABEL = "demo emulators' state"

/** The demo emulators' state in a file, shared by every `darkroom` process of one data dir. */
export interface DemoState {
  /** The emulators' seed, chosen once when the file was made: ids, timings and images follow. */
  seed: number
  /** The emulators' jobs (pass as `state` to `createEmulators`). */
  store: SimulatorStateStore
  /** Where it lives. */
  path: string
  /** Closes the file. */
  close(): void
}

/**
 * Opens (creating when absent) the demo emulators' state at `path`. Appends run in one SQLite
 * write transaction, so processes submitting at the same time never take the same sequence
 * number or lose a job. A file it cannot use is refused with a `StoreError` naming it and left
 * as it is (see `openSqliteFile`).
 */
export function openDemoState(path: string): DemoState {
  const file = openSqliteFile(path, { migrations: DEMO_MIGRATIONS, label: LABEL })
  const { driver } = file
  try {
    // A random seed the first time, then always that one: the demo's jobs must look the same
    // to every process, and a new file (an emptied demo) gets jobs of its own.
    driver.exec(
      'INSERT INTO demo_seed (id, seed) VALUES (1, ?) ON CONFLICT (id) DO NOTHING',
      randomInt(1, 2 ** 31),
    )
    const seed = Number(driver.exec('SELECT seed FROM demo_seed WHERE id = 1')[0]?.seed)
    // A job the emulators cannot read would shift every later one: refuse the file instead.
    const store = sqlSimulatorState(driver, {
      unreadable: (namespace, sequence) =>
        new StoreError(
          `The ${LABEL} ${file.path} has an unreadable job (${namespace} #${String(sequence)}).`,
          { path: file.path, reason: 'corrupt' },
        ),
    })
    return { seed, store, path: file.path, close: () => driver.close() }
  } catch (error) {
    driver.close()
    throw error
  }
}
