import type { AddressInfo } from 'node:net'
import { type ServerType, serve } from '@hono/node-server'
import type { Hono } from 'hono'
import { isDroppedConnection } from '../shared/dropped-connection.js'

/** A Hono app listening on a real socket. */
export interface ServedApp {
  /** `http://host:port`, ready for an adapter's `baseUrl`. */
  url: string
  port: number
  close(): Promise<void>
}

/**
 * Serves an emulator app with Node. An injected "dropped connection" fault really resets the
 * socket here, as a crashed upstream would, instead of answering 500.
 */
export function serveApp(
  app: Hono,
  options: { host?: string; port?: number } = {},
): Promise<ServedApp> {
  const host = options.host ?? '127.0.0.1'
  return new Promise((resolve, reject) => {
    let server: ServerType
    const onError = (error: Error) => reject(error)
    server = serve(
      {
        hostname: host,
        port: options.port ?? 0,
        fetch: async (request, env: { incoming?: { socket?: { destroy(): void } } }) => {
          try {
            return await app.fetch(request, env)
          } catch (error) {
            if (isDroppedConnection(error)) {
              env.incoming?.socket?.destroy()
              return new Response(null, { status: 500 })
            }
            throw error
          }
        },
      },
      (info: AddressInfo) => {
        server.off('error', onError)
        const shownHost = host.includes(':') ? `[${host}]` : host
        resolve({
          url: `http://${shownHost}:${info.port}`,
          port: info.port,
          close: () => new Promise<void>((done) => server.close(() => done())),
        })
      },
    )
    server.once('error', onError)
  })
}
