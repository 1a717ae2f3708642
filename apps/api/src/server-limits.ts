import { ConfigError, type Env, wholeNumber } from './config-values.js'
import { DEFAULT_HEARTBEAT_MS } from './http/context.js'

/**
 * How long the Node server waits for what, and how much it holds open: Node's own defaults (300 s
 * for a request, 60 s for headers, no socket timeout, no connection cap) let a slow client hold a
 * connection for minutes. Read once at start by the Node runtime; other runtimes have their own.
 */
export interface ServerLimits {
  /**
   * The whole request, headers and body, must arrive within it (`DARKROOM_REQUEST_TIMEOUT_MS`):
   * the upload timeout. It ends once the request is received, so it never cuts an event stream.
   * Default 60 000 (a 6 MiB body at 1 Mbit/s).
   */
  requestTimeoutMs: number
  /** The headers must arrive within it (`DARKROOM_HEADERS_TIMEOUT_MS`). Default 10 000. */
  headersTimeoutMs: number
  /** An idle kept-alive connection is closed after it (`DARKROOM_KEEP_ALIVE_TIMEOUT_MS`). Default 5 000. */
  keepAliveTimeoutMs: number
  /**
   * A connection with no traffic either way for this long is closed (`DARKROOM_SOCKET_TIMEOUT_MS`):
   * the send timeout of a client that stops reading. More than the 15 s event-stream heartbeat,
   * so an idle stream is never cut. Default 60 000.
   */
  socketTimeoutMs: number
  /**
   * Open connections at most (`DARKROOM_MAX_CONNECTIONS`; an event stream holds one). Beyond it a
   * request is answered 503 and its connection closed; 64 further ones are dropped unanswered.
   * Default 1024.
   */
  maxConnections: number
  /**
   * On SIGTERM, how long open streams and requests get before every connection is cut
   * (`DARKROOM_SHUTDOWN_GRACE_MS`). Default 5 000.
   */
  shutdownGraceMs: number
}

const HOUR = 3_600_000

/** Reads the Node server's limits; a bad value is a `ConfigError` naming its variable. */
export function loadServerLimits(env: Env): ServerLimits {
  const ms = (name: string, min: number, fallback: number) =>
    wholeNumber(env, name, { min, max: HOUR, fallback, unit: 'milliseconds' })
  const limits: ServerLimits = {
    requestTimeoutMs: ms('DARKROOM_REQUEST_TIMEOUT_MS', 100, 60_000),
    headersTimeoutMs: ms('DARKROOM_HEADERS_TIMEOUT_MS', 100, 10_000),
    keepAliveTimeoutMs: ms('DARKROOM_KEEP_ALIVE_TIMEOUT_MS', 100, 5_000),
    socketTimeoutMs: ms('DARKROOM_SOCKET_TIMEOUT_MS', DEFAULT_HEARTBEAT_MS + 1, 60_000),
    maxConnections: wholeNumber(env, 'DARKROOM_MAX_CONNECTIONS', {
      min: 1,
      max: 1_000_000,
      fallback: 1024,
      unit: 'connections',
    }),
    shutdownGraceMs: ms('DARKROOM_SHUTDOWN_GRACE_MS', 0, 5_000),
  }
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new ConfigError(
      `DARKROOM_HEADERS_TIMEOUT_MS (${limits.headersTimeoutMs}) must not be more than DARKROOM_REQUEST_TIMEOUT_MS (${limits.requestTimeoutMs}): the headers are part of the request.`,
    )
  }
  return limits
}
