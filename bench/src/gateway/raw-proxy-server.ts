// Child process: the floor the gateway is measured against. A bare node:http server that answers
// every request by making the same signed SpeedPix status call the gateway makes (node:http with
// a keep-alive agent, a synchronous node:crypto HMAC) and passing the answer back as it came. No
// routing, no authentication, no validation, no normalization, no logging: only the upstream call
// and the two HTTP hops every proxy pays. Answers `{ url }` over IPC once listening.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { JobHandle } from '@darkroom/core'
import type { SpeedpixCredentials } from './processes.js'
import { answerUsageRequests } from './report-usage.js'
import { statusCallSigner } from './signed-status.js'

const { upstream, credentials, handle } = JSON.parse(process.env.BENCH_RAW_PROXY ?? '{}') as {
  upstream: string
  credentials: SpeedpixCredentials
  handle: JobHandle
}
const sign = await statusCallSigner(upstream, credentials, handle)
const target = new URL(upstream)
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 })

const server = http.createServer((req, res) => {
  req.resume()
  const call = sign()
  const out = http.request(
    {
      host: target.hostname,
      port: target.port,
      method: call.method,
      path: call.path,
      headers: { ...call.headers, 'content-length': Buffer.byteLength(call.body) },
      agent,
    },
    (answer) => {
      const chunks: Buffer[] = []
      answer.on('data', (chunk: Buffer) => chunks.push(chunk))
      answer.on('end', () => {
        const body = Buffer.concat(chunks)
        res.writeHead(answer.statusCode ?? 502, {
          'content-type': answer.headers['content-type'] ?? 'application/json',
          'content-length': body.length,
        })
        res.end(body)
      })
    },
  )
  out.on('error', (error) => {
    res.writeHead(502, { 'content-type': 'text/plain' })
    res.end(String(error))
  })
  out.end(call.body)
})
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo
  answerUsageRequests()
  process.send?.({ ready: true, url: `http://127.0.0.1:${port}` })
})
process.on('disconnect', () => process.exit(0))
