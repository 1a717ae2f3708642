// Answer bodies that misbehave on purpose: one that stalls mid-way, one that never ends. Web APIs
// only, so the workerd tests can use them too.

/** A body the test can look into: how much of it was pulled, and whether the reader gave up on it. */
export interface WatchedBody {
  readonly body: ReadableStream<Uint8Array>
  /** Bytes handed to the reader so far. */
  readonly pulled: () => number
  /** Whether the reader canceled the body (it stopped reading before the end). */
  readonly canceled: () => boolean
}

/**
 * A copy of `response` whose body sends its first `bytes` bytes and then nothing, ever: a gateway
 * that sent its headers and stalled (a half-open connection, a wedged proxy).
 */
export async function stalledAfter(response: Response, bytes: number) {
  const whole = new Uint8Array(await response.arrayBuffer())
  let canceled = false
  let sent = false
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent) return new Promise<void>(() => undefined)
      sent = true
      controller.enqueue(whole.slice(0, bytes))
    },
    cancel() {
      canceled = true
    },
  })
  return {
    response: new Response(body, { status: response.status, headers: response.headers }),
    canceled: () => canceled,
  }
}

/**
 * A body that starts with `head` and then goes on with `chunkBytes`-byte chunks for as long as it
 * is read (up to `limitBytes`, so a test that fails does not fill the memory).
 */
export function endlessBody(head: Uint8Array, chunkBytes = 16 * 1024, limitBytes = 64 * 2 ** 20) {
  let pulled = 0
  let canceled = false
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= limitBytes) return controller.close()
      const chunk = new Uint8Array(chunkBytes)
      if (pulled === 0) chunk.set(head)
      pulled += chunk.byteLength
      controller.enqueue(chunk)
    },
    cancel() {
      canceled = true
    },
  })
  const watched: WatchedBody = { body, pulled: () => pulled, canceled: () => canceled }
  return watched
}
