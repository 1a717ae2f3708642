import { createEmulators } from '../emulators.js'
import { type ServedApp, serveApp } from './serve.js'

/** Where to serve the emulators. */
export interface RunEmulatorsOptions {
  host: string
  /** aicontent listens here, speedpix on +1, aidge on +2. */
  basePort: number
  seed: number
}

/** The three emulators on sockets, and how to stop them. */
export interface RunningEmulators {
  servers: ServedApp[]
  /** The banner to print: URLs and demo credentials. */
  banner: string
  close(): Promise<void>
}

/** Serves the three emulators (for `pnpm emulator` and `darkroom emulator`). */
export async function runEmulators(options: RunEmulatorsOptions): Promise<RunningEmulators> {
  const { host, basePort, seed } = options
  const emulators = createEmulators({ seed })
  const servers: ServedApp[] = []
  try {
    servers.push(await serveApp(emulators.aicontent.app, { host, port: basePort }))
    servers.push(await serveApp(emulators.speedpix.app, { host, port: basePort + 1 }))
    servers.push(await serveApp(emulators.aidge.app, { host, port: basePort + 2 }))
  } catch (error) {
    await Promise.all(servers.map((s) => s.close()))
    const code = (error as { code?: string }).code
    throw new Error(
      code === 'EADDRINUSE'
        ? `a port from ${basePort} to ${basePort + 2} is in use; pick another with --port`
        : String(error),
    )
  }
  const [a, s, g] = servers as [ServedApp, ServedApp, ServedApp]
  const { aicontent, speedpix, aidge } = emulators
  const banner = `Darkroom provider emulators (seed ${seed}) — demo credentials, not secrets:

  aicontent  ${a.url}
             AccessKey id ${aicontent.credentials.accessKeyId}, secret ${aicontent.credentials.accessKeySecret}
  speedpix   ${s.url}
             AppKey ${speedpix.credentials.appKey}, AppSecret ${speedpix.credentials.appSecret}
  aidge      ${g.url}
             access key name ${aidge.credentials.accessKeyName}, secret ${aidge.credentials.accessKeySecret}

Markers in a prompt (aidge: any string field): [[fail:<status or code>]], [[duration:<seconds>]].`
  return {
    servers,
    banner,
    close: async () => void (await Promise.all(servers.map((x) => x.close()))),
  }
}
