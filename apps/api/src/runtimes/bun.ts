// Bun entry: `bun run apps/api/src/runtimes/bun.ts`. Bun serves the default export's `fetch`.
import { demoAdapters } from '../demo.js'
import { generatedOpenApi } from '../openapi/build.js'
import { startGateway } from '../start.js'

const started = startGateway(process.env, demoAdapters, { openApi: generatedOpenApi })
if (!started.ok) {
  console.error(started.error)
  process.exit(1)
}
const port = Number(process.env.PORT ?? '8787')
console.log(`Darkroom gateway (Bun) on port ${port} — ${started.banner}`)

export default { port, hostname: process.env.HOST?.trim() || '127.0.0.1', fetch: started.app.fetch }
