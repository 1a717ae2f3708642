// A real webhook receiver for the tests: node:http on 127.0.0.1 and an ephemeral port, answering
// each request from a script and keeping what it received.
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request the receiver got. */
export interface Received {
  headers: IncomingHttpHeaders
  body: string
}

/** A listening receiver: its URL, what it got, and how to stop it. */
export interface Receiver {
  url: string
  port: number
  received: Received[]
  close(): Promise<void>
}

/** Starts a receiver answering request n (0-based) with `status(n)`. */
export async function startReceiver(status: (n: number) => number): Promise<Receiver> {
  const received: Received[] = []
  const server = createServer((request, response) => {
    let body = ''
    request.setEncoding('utf8')
    request.on('data', (chunk: string) => {
      body += chunk
    })
    request.on('end', () => {
      const code = status(received.length)
      received.push({ headers: request.headers, body })
      response.writeHead(code, { 'content-type': 'text/plain' }).end(`receiver said ${code}`)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hooks/darkroom`,
    port,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
