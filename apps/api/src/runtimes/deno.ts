// Deno entry: `deno run --allow-net --allow-env --sloppy-imports --conditions=@darkroom/source
// apps/api/src/runtimes/deno.ts` (from the workspace, after `pnpm install`: Deno reads its
// node_modules; the condition reads the workspace packages from source, and sloppy imports let
// their `.js` specifiers name `.ts` files). Demo mode without provider credentials.
import { demoAdapters } from '../demo.js'
import { generatedOpenApi } from '../openapi/build.js'
import { listenAddress, listeningLine, serverUrl, startGateway } from '../start.js'

declare const Deno: {
  env: { toObject(): Record<string, string> }
  exit(code: number): never
  serve(
    options: {
      port: number
      hostname: string
      onListen?: (address: { hostname: string; port: number }) => void
    },
    handler: (request: Request) => Response | Promise<Response>,
  ): unknown
}

const env = Deno.env.toObject()
const started = startGateway(env, demoAdapters, { openApi: generatedOpenApi })
const address = listenAddress(env)
if (!started.ok) stop(started.error)
if (!address.ok) stop(address.error)
Deno.serve(
  {
    port: address.port,
    hostname: address.hostname,
    onListen: ({ port }) =>
      console.log(listeningLine('Deno', serverUrl(address.hostname, port), started.banner)),
  },
  started.app.fetch,
)

/** A bad configuration stops start-up with the message naming the variable. */
function stop(message: string): never {
  console.error(message)
  return Deno.exit(1)
}
