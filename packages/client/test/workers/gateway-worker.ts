// The gateway's demo Worker entry, every provider wired to its in-process emulator. Deployed, it
// reads its OpenAPI document from static assets that apps/api's build writes; these tests (about
// the client, not about deployment) hand it a stand-in ASSETS binding that generates the same
// document in process.
// (By path: see ../gateway-app.ts.)
import { everyProviderOpenApi } from '../../../../apps/api/src/openapi/build.js'
import demoWorker from '../../../../apps/api/src/runtimes/worker-demo.js'

// The Durable Object class that holds each provider's jobs (bound as DARKROOM_JOBS).
export { ProviderJobs } from '../../../../apps/api/src/runtimes/worker-demo.js'

const assets = {
  fetch: async (_request: Request) => Response.json(everyProviderOpenApi()),
}

export default {
  fetch: (request: Request, env: Record<string, unknown>, ctx: unknown) =>
    demoWorker.fetch(request, { ...env, ASSETS: assets }, ctx),
}
