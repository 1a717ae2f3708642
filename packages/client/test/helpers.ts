// Node-only test helpers: the gateway served on a loopback socket.
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { type GatewayAppOptions, gatewayApp } from './gateway-app.js'

/** The gateway listening on 127.0.0.1 (a free port), on a virtual clock. */
export async function startGateway(options: GatewayAppOptions = {}) {
  const gateway = gatewayApp(options)
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: gateway.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
    s.once('error', reject)
  })
  const { port } = server.address() as AddressInfo
  return {
    ...gateway,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        // Event streams may still be open; do not wait for them to end.
        ;(server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.()
        server.close(() => resolve())
      }),
  }
}
