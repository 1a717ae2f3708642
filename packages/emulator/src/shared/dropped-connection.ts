const DROPPED = Symbol.for('darkroom.emulator.droppedConnection')

/**
 * Thrown by the `faults` middleware to simulate a connection that dies before any answer.
 *
 * It is a `TypeError` because that is what `fetch` rejects with on a network failure, so code
 * under test sees the same thing in-process as over a real socket. Hono sends thrown `Error`s
 * to `app.onError`; Hono's default handler calls an error's `getResponse()`, and this one
 * rethrows itself from there, so the error escapes Hono entirely and `app.request()` /
 * `app.fetch()` reject with it. An app with its own `onError` must start it with
 * `if (isDroppedConnection(err)) throw err`. A Node server entry should catch it around
 * `app.fetch` and destroy the socket, so real HTTP clients see a reset, not a 500.
 */
export class DroppedConnectionError extends TypeError {
  readonly [DROPPED] = true

  constructor(message = 'network connection dropped') {
    super(message)
    this.name = 'TypeError'
  }

  /** Called by Hono's default error handler; rethrowing is what lets the error escape Hono. */
  getResponse(): Response {
    throw this
  }
}

/** True for a {@link DroppedConnectionError}, even from another copy of this package. */
export function isDroppedConnection(error: unknown): error is DroppedConnectionError {
  return typeof error === 'object' && error !== null && DROPPED in error
}
