import type { AddressInfo } from 'node:net'
import type { Clock } from '@darkroom/core'
import { serve } from '@hono/node-server'
import { demoAdapters } from '../demo.js'
import { generatedOpenApi } from '../openapi/build.js'
import { listenAddress, serverUrl, startGateway } from '../start.js'
import { createKeepAliveFetch } from './keep-alive-fetch.js'
import { createStdoutLog } from './node-log.js'

/** A gateway listening on a socket. */
export interface NodeGateway {
  url: string
  banner: string
  close(): Promise<void>
}

/**
 * Starts the gateway on Node from an environment: what `pnpm start:api` runs. Rejects with the
 * configuration message when the environment is bad, or when the port cannot be bound.
 */
export function startNodeGateway(
  env: Record<string, string | undefined>,
  options: { clock?: Clock } = {},
): Promise<NodeGateway> {
  // Holds no socket until the first upstream call, so the early returns below need not close it.
  const upstream = createKeepAliveFetch()
  const logs = createStdoutLog()
  const started = startGateway(env, () => demoAdapters({ clock: options.clock }), {
    clock: options.clock,
    openApi: generatedOpenApi,
    fetch: upstream.fetch,
    log: logs.log,
  })
  if (!started.ok) return Promise.reject(new Error(started.error))
  const address = listenAddress(env)
  if (!address.ok) return Promise.reject(new Error(address.error))
  const { port, hostname } = address
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: started.app.fetch, port, hostname }, (info: AddressInfo) => {
      resolve({
        url: serverUrl(hostname, info.port),
        banner: started.banner,
        close: () =>
          new Promise<void>((done) => server.close(() => done())).then(() => {
            logs.flush()
            return upstream.close()
          }),
      })
    })
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `Port ${port} is in use: set PORT to another one.`
            : String(error),
        ),
      )
    })
  })
}
