// An auxiliary Worker of the workers test project (vitest.config.ts): the webhook receiver the
// demo Durable Object delivers to, through the DARKROOM_WEBHOOK_OUTBOUND service binding
// (workerd has no loopback server to POST to). It fails its first `failing` deliveries (3 unless
// reset) with a 503 and accepts the rest; GET /__received answers what it got, POST
// /__reset?failing=N forgets it and sets N.
let received = []
let failing = 3

export default {
  async fetch(request) {
    const url = new URL(request.url)
    if (url.pathname === '/__received') return Response.json(received)
    if (url.pathname === '/__reset') {
      received = []
      failing = Number(url.searchParams.get('failing') ?? 3)
      return new Response(null, { status: 204 })
    }
    const headers = Object.fromEntries(
      ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((n) => [
        n,
        request.headers.get(n),
      ]),
    )
    received.push({ path: url.pathname, headers, body: await request.text() })
    const status = received.length <= failing ? 503 : 204
    return new Response(status === 204 ? null : 'not yet', { status })
  },
}
