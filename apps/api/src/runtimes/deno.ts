// Deno entry: `deno run --allow-net --allow-env --sloppy-imports apps/api/src/deno.ts`.
import { demoAdapters } from '../demo.js'
import { generatedOpenApi } from '../openapi/build.js'
import { startGateway } from '../start.js'

declare const Deno: {
  env: { toObject(): Record<string, string> }
  exit(code: number): never
  serve(
    options: { port: number; hostname: string },
    handler: (request: Request) => Response | Promise<Response>,
  ): unknown
}

const env = Deno.env.toObject()
const started = startGateway(env, demoAdapters, { openApi: generatedOpenApi })
if (!started.ok) {
  console.error(started.error)
  Deno.exit(1)
}
const port = Number(env.PORT ?? '8787')
console.log(`Darkroom gateway (Deno) on port ${port} — ${started.banner}`)
Deno.serve({ port, hostname: env.HOST?.trim() || '127.0.0.1' }, started.app.fetch)
