// An auxiliary Worker of the workers test project (vitest.config.ts): its own script, so its
// own isolate, bound to the demo's ProviderJobs namespace by scriptName. It submits to and reads
// the speedpix object over RPC, as a gateway isolate does, so two of them share one object.
/** This isolate's identity, drawn on its first request (randomness is a handler's only). */
let isolate = null

export default {
  async fetch(request, env) {
    isolate ??= crypto.randomUUID()
    const stub = env.DARKROOM_JOBS.get(env.DARKROOM_JOBS.idFromName('speedpix'))
    const url = new URL(request.url)
    if (url.pathname === '/submit') {
      const input = await request.json()
      return Response.json({
        isolate,
        outcome: await stub.submit('speedpix', 'txt2img', input, 'demo'),
      })
    }
    if (url.pathname === '/metrics')
      return Response.json({ isolate, outcome: await stub.metrics() })
    return new Response('not found', { status: 404 })
  },
}
