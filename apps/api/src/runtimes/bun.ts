// Bun entry: `bun --conditions=@darkroom/source run apps/api/src/runtimes/bun.ts` (the condition
// reads the workspace packages from source; without it, build them first). Demo mode without
// provider credentials, as on every runtime.
import { demoAdapters } from '../demo.js'
import { generatedOpenApi } from '../openapi/build.js'
import { listenAddress, listeningLine, serverUrl, startGateway } from '../start.js'

declare const Bun: {
  serve(options: {
    port: number
    hostname: string
    fetch: (request: Request) => Response | Promise<Response>
  }): { port: number }
}

const started = startGateway(process.env, demoAdapters, { openApi: generatedOpenApi })
const address = listenAddress(process.env)
if (!started.ok) stop(started.error)
if (!address.ok) stop(address.error)
const server = Bun.serve({
  port: address.port,
  hostname: address.hostname,
  fetch: started.app.fetch,
})
console.log(listeningLine('Bun', serverUrl(address.hostname, server.port), started.banner))

/** A bad configuration stops start-up with the message naming the variable. */
function stop(message: string): never {
  console.error(message)
  return process.exit(1)
}
