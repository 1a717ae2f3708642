import type { DurableObjectStorage } from 'cloudflare:workers'
import {
  SIMULATOR_JOBS_TABLE,
  type SimulatorStateStore,
  sqlSimulatorState,
} from '@darkroom/emulator'
import { durableObjectSqlDriver } from '@darkroom/store/sql'

/** A demo object's emulator state: its seed and its jobs, both in the object's storage. */
export interface ObjectDemoState {
  /** Chosen once, when the object first started: the emulator's ids and timings follow it. */
  seed: number
  /** The emulator's jobs (pass as `state` to `demoAdapters`). */
  state: SimulatorStateStore
}

/**
 * The demo emulator's state in the demo object's own SQLite storage, so an evicted or
 * restarted demo object finds its emulator's jobs where its job store left them (an emulator in
 * memory alone would answer not_found for every resumed job). Demo only: the production Worker
 * never imports this file. Its two tables sit beside the job store's and are created on first
 * use; they are not part of the job store's migrations, which own their schema table.
 */
export function objectDemoState(storage: DurableObjectStorage): ObjectDemoState {
  const driver = durableObjectSqlDriver(storage)
  driver.exec(
    'CREATE TABLE IF NOT EXISTS demo_seed (id INTEGER PRIMARY KEY CHECK (id = 1), seed INTEGER NOT NULL) STRICT',
  )
  driver.exec(`CREATE TABLE IF NOT EXISTS ${SIMULATOR_JOBS_TABLE}`)
  const [random = 1] = crypto.getRandomValues(new Uint32Array(1))
  driver.exec(
    'INSERT INTO demo_seed (id, seed) VALUES (1, ?) ON CONFLICT (id) DO NOTHING',
    (random % (2 ** 31 - 1)) + 1,
  )
  const seed = Number(driver.exec('SELECT seed FROM demo_seed WHERE id = 1')[0]?.seed)
  return { seed, state: sqlSimulatorState(driver) }
}
