import type { Clock } from '@darkroom/core'
import type { GatewayServer } from './node-http.js'

/**
 * Closes the gateway's Node server gracefully, resolving once every connection has ended, within
 * `graceMs` on `clock`: it stops accepting, aborts `streams` (each open event stream writes its
 * `shutdown` event and ends), closes each kept-alive connection as soon as its answer is done,
 * lets other requests finish, and when the grace runs out cuts whatever is still open.
 */
export function closeGracefully(
  gateway: GatewayServer,
  streams: AbortController,
  graceMs: number,
  clock: Clock,
): Promise<void> {
  const { server } = gateway
  const graceOver = new AbortController()
  return new Promise((resolve) => {
    server.close(() => {
      graceOver.abort()
      resolve()
    })
    gateway.drain()
    // A connection turns idle once its answer is written: close it then, not at the grace.
    const closeIdle = () => setImmediate(() => server.closeIdleConnections())
    for (const response of gateway.inFlight) response.once('finish', closeIdle)
    streams.abort()
    server.closeIdleConnections()
    clock.sleep(graceMs, graceOver.signal).then(
      () => server.closeAllConnections(),
      () => undefined,
    )
  })
}
