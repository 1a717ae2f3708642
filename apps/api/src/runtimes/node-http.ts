import {
  createServer,
  type IncomingMessage,
  maxHeaderSize,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http'
import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { getRequestListener, RequestError } from '@hono/node-server'
import { type ProblemInput, problemBody } from '../http/problem.js'
import type { ServerLimits } from '../server-limits.js'

/** Connections past the cap that still get a 503; beyond them Node drops connections unanswered. */
const ANSWERED_OVER_CAP = 64

/** The Node server of the gateway, with what a graceful shutdown needs to see. */
export interface GatewayServer {
  server: Server
  /** Responses being written now (an event stream's until it ends). */
  readonly inFlight: ReadonlySet<ServerResponse>
  /** From now on every answer closes its connection (called when shutting down). */
  drain(): void
}

/** A problem document with its fresh request id, as the body and the headers that carry it. */
function problemParts(input: ProblemInput) {
  const requestId = crypto.randomUUID()
  const body = JSON.stringify(problemBody(input, requestId))
  const headers: Record<string, string> = {
    'content-type': 'application/problem+json',
    'content-length': String(Buffer.byteLength(body)),
    'x-request-id': requestId,
  }
  return { body, headers }
}

/** Answers on a response object, closing the connection afterwards (HEAD: headers only). */
function answerProblem(res: ServerResponse, input: ProblemInput, extra: Record<string, string>) {
  const { body, headers } = problemParts(input)
  res.writeHead(input.status, { ...headers, ...extra, connection: 'close' })
  res.end(body)
}

/** Answers on a bare socket, which no response object owns, and closes it. */
function endWithProblem(socket: Duplex, input: ProblemInput, keepAliveMs: number): void {
  const { body, headers } = problemParts(input)
  const head = Object.entries({ ...headers, connection: 'close' })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')
  socket.end(`HTTP/1.1 ${input.status} ${STATUS_CODES[input.status]}\r\n${head}\r\n${body}`)
  // A peer that never reads does not keep the socket.
  setTimeout(() => socket.destroy(), keepAliveMs).unref()
}

/** What Node's parser refused, as the problem to answer with. */
function clientProblem(error: NodeJS.ErrnoException, limits: ServerLimits): ProblemInput {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        code: 'payload_too_large',
        detail: `The request headers are larger than ${maxHeaderSize} bytes; send fewer or shorter headers.`,
      }
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return {
        status: 413,
        code: 'payload_too_large',
        detail:
          'The chunk extensions of the request body are too large; send the body without them.',
      }
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: 408,
        code: 'request_timeout',
        retryable: true,
        detail: `The request did not arrive in time (headers within ${limits.headersTimeoutMs} ms, all of it within ${limits.requestTimeoutMs} ms); send it again, without pauses.`,
      }
    default:
      return {
        status: 400,
        code: 'invalid_input',
        detail: `The request is not well-formed HTTP/1.1 (${error.code ?? 'unreadable'}); send a valid request line, headers and body.`,
      }
  }
}

/**
 * The gateway's `node:http` server: every answer is a problem document, also those Node's HTTP
 * layer gives before the app runs (malformed requests, oversized headers, timeouts) and those of
 * `@hono/node-server` when it cannot build a request (a bad `Host`, a backslash in the path);
 * timeouts and a connection cap from {@link ServerLimits} instead of Node's 300 s defaults.
 */
export function createGatewayServer(
  fetch: (request: Request) => Response | Promise<Response>,
  limits: ServerLimits,
): GatewayServer {
  const inFlight = new Set<ServerResponse>()
  const current = new WeakMap<Socket, ServerResponse>()
  let open = 0
  let draining = false
  const listener = getRequestListener(fetch, {
    errorHandler: (error) => {
      const input: ProblemInput =
        error instanceof RequestError
          ? {
              status: 400,
              code: 'invalid_input',
              detail: `The request cannot be read (${error.message}); send a valid Host header and path.`,
            }
          : {
              status: 500,
              code: 'internal',
              detail: 'An unexpected error happened; try again.',
            }
      const { body, headers } = problemParts(input)
      return new Response(body, { status: input.status, headers })
    },
  })
  const server = createServer(
    {
      // A missing Host then reaches @hono/node-server, whose refusal is answered as a problem.
      requireHostHeader: false,
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: limits.headersTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // Node checks the two timeouts above on this period (30 s by default, which would let a
      // 10 s headers timeout run to 40 s).
      connectionsCheckingInterval: Math.max(
        25,
        Math.min(1000, Math.floor(limits.headersTimeoutMs / 4)),
      ),
    },
    (req: IncomingMessage, res: ServerResponse) => {
      current.set(req.socket, res)
      if (open > limits.maxConnections) {
        return answerProblem(
          res,
          {
            status: 503,
            code: 'overloaded',
            retryable: true,
            detail: `The gateway holds its ${limits.maxConnections} connections; try again in a moment.`,
          },
          { 'retry-after': '1' },
        )
      }
      if (draining) res.setHeader('connection', 'close')
      inFlight.add(res)
      res.once('close', () => inFlight.delete(res))
      void listener(req, res)
    },
  )
  server.maxConnections = limits.maxConnections + ANSWERED_OVER_CAP
  server.setTimeout(limits.socketTimeoutMs)
  server.on('connection', (socket: Socket) => {
    open += 1
    socket.once('close', () => {
      open -= 1
    })
  })
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    // Nothing to say to a peer that is gone, or in the middle of an answer already on its way.
    if (error.code === 'ECONNRESET' || !socket.writable || current.get(socket)?.headersSent) {
      socket.destroy()
      return
    }
    endWithProblem(socket, clientProblem(error, limits), limits.keepAliveTimeoutMs)
  })
  // Node would drop a CONNECT without a word, and answer an unmet Expect with an empty 417.
  server.on('connect', (req: IncomingMessage, socket: Duplex) => {
    const detail = `${req.method} is not allowed; the gateway is not a proxy. See /openapi.json for the API.`
    endWithProblem(
      socket,
      { status: 405, code: 'method_not_allowed', detail },
      limits.keepAliveTimeoutMs,
    )
  })
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    const expect = String(req.headers.expect).slice(0, 64)
    answerProblem(
      res,
      {
        status: 417,
        code: 'invalid_input',
        detail: `The gateway cannot meet "Expect: ${expect}"; send the request without it (100-continue is understood).`,
      },
      {},
    )
  })
  return {
    server,
    inFlight,
    drain: () => {
      draining = true
    },
  }
}
