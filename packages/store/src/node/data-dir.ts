import { homedir } from 'node:os'
import { join } from 'node:path'
import envPaths from 'env-paths'

/**
 * The directory Darkroom keeps its state in (the gateway's job store, the terminal's history):
 * `DARKROOM_DATA_DIR` when set; else the platform's state directory, `$XDG_STATE_HOME/darkroom`
 * (default `~/.local/state/darkroom`) on Linux and the application-data folder elsewhere.
 */
export function defaultDataDir(
  env: Record<string, string | undefined>,
  platform: string = process.platform,
): string {
  const moved = env.DARKROOM_DATA_DIR?.trim()
  if (moved) return moved
  if (platform === 'linux') {
    return join(env.XDG_STATE_HOME?.trim() || join(homedir(), '.local', 'state'), 'darkroom')
  }
  return envPaths('darkroom', { suffix: '' }).data
}
