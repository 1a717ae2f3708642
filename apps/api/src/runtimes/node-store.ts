import { join } from 'node:path'
import type { JobStore } from '@darkroom/core'
import { defaultDataDir, openSqliteStore, StoreError } from '@darkroom/store'

/** The live gateway's store file, in the data directory. */
export const GATEWAY_STORE_FILE = 'gateway.sqlite'

/**
 * The demo gateway's: its own file, so demo jobs (run by in-process emulators) never mix with
 * live ones, and a live gateway never resumes a demo job against a real provider.
 */
export const DEMO_STORE_FILE = 'gateway-demo.sqlite'

/** Where a gateway keeps its jobs: `DARKROOM_DATA_DIR` (else `defaultDataDir`), one file per mode. */
export function gatewayStorePath(env: Record<string, string | undefined>, demo: boolean): string {
  return join(defaultDataDir(env), demo ? DEMO_STORE_FILE : GATEWAY_STORE_FILE)
}

/**
 * Opens the gateway's SQLite store alone (`exclusive`: a second gateway on the file is refused at
 * once). A file the store cannot use (corrupt, locked, newer, foreign, unreadable) rejects with
 * the store's own message, naming the file and what to do, as a start-up error: never a reset.
 */
export async function openGatewayStore(path: string): Promise<JobStore> {
  try {
    return await openSqliteStore(path, { exclusive: true })
  } catch (error) {
    if (StoreError.isInstance(error))
      throw new Error(`Darkroom gateway not started: ${error.message}`, { cause: error })
    throw error
  }
}
