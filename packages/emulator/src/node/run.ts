import { PROVIDER_IDS } from '@darkroom/core'
import { createEmulators } from '../emulators.js'
import { type ServedApp, serveApp } from './serve.js'

/** Where to serve the emulators. */
export interface RunEmulatorsOptions {
  host: string
  /** The first provider of the catalogue listens here, the next on +1, and so on. */
  basePort: number
  seed: number
}

/** The emulators on sockets, and how to stop them. */
export interface RunningEmulators {
  servers: ServedApp[]
  /** The banner to print: URLs and demo credentials. */
  banner: string
  close(): Promise<void>
}

/**
 * Serves every provider's emulator (for `pnpm emulator` and `darkroom emulator`): the catalogue's
 * first provider on `basePort`, the next on `basePort + 1`, and so on.
 */
export async function runEmulators(options: RunEmulatorsOptions): Promise<RunningEmulators> {
  const { host, basePort, seed } = options
  const emulators = createEmulators({ seed })
  const servers: ServedApp[] = []
  const lastPort = basePort + PROVIDER_IDS.length - 1
  try {
    for (const [i, id] of PROVIDER_IDS.entries()) {
      servers.push(await serveApp(emulators[id].app, { host, port: basePort + i }))
    }
  } catch (error) {
    await Promise.all(servers.map((s) => s.close()))
    const code = (error as { code?: string }).code
    throw new Error(
      code === 'EADDRINUSE'
        ? `a port from ${basePort} to ${lastPort} is in use; pick another with --port`
        : String(error),
    )
  }
  const lines = PROVIDER_IDS.map((id, i) => {
    const credentials = Object.entries(emulators[id].credentials)
      .map(([name, value]) => `${name} ${value}`)
      .join(', ')
    return `  ${id.padEnd(10)} ${servers[i]?.url}\n             ${credentials}`
  })
  const banner = `Darkroom provider emulators (seed ${seed}) — demo credentials, not secrets:

${lines.join('\n')}

Markers in a prompt (aidge: any string field): [[fail:<status or code>]], [[duration:<seconds>]],
[[status-error:<code>]].`
  return {
    servers,
    banner,
    close: async () => void (await Promise.all(servers.map((x) => x.close()))),
  }
}
