/**
 * Rejects with the signal's reason once it aborts (never resolves). A `fetch` or a body that does
 * not honour a signal (an app's own, in-process) still stops waiting when raced with this.
 */
export function untilAborted(signal: AbortSignal): Promise<never> {
  const aborted = new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason)
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true })
  })
  // Only ever awaited in a race; a rejection nobody raced is not an unhandled one.
  aborted.catch(() => undefined)
  return aborted
}

/**
 * Sees the body as it arrives: every chunk so far and their total size. Throwing stops the read
 * (a size cap, a signature that is wrong); the body is then canceled and the error thrown.
 */
export type ChunkCheck = (chunks: readonly Uint8Array[], total: number) => void

/**
 * Reads a body to its end, chunk by chunk, until `signal` aborts: a body that stalls never ends on
 * its own, so a timer aborting the signal is what bounds it. Whenever reading stops before the
 * end (an abort, a check that throws, a dropped connection), the body is canceled, which lets the
 * runtime close the connection instead of buffering the rest.
 */
export async function readBody(
  body: ReadableStream<Uint8Array> | null,
  signal: AbortSignal | undefined,
  check?: ChunkCheck,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = []
  let total = 0
  if (body) {
    const reader = body.getReader()
    const aborted = signal && untilAborted(signal)
    try {
      for (;;) {
        const read = reader.read()
        const { done, value } = await (aborted ? Promise.race([read, aborted]) : read)
        if (done) break
        chunks.push(value)
        total += value.byteLength
        check?.(chunks, total)
      }
    } catch (error) {
      reader.cancel().catch(() => undefined)
      throw error
    }
  }
  return concat(chunks, total)
}

/** The chunks as one array of `total` bytes. */
export function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  const bytes = new Uint8Array(total)
  let at = 0
  for (const chunk of chunks) {
    bytes.set(chunk, at)
    at += chunk.byteLength
  }
  return bytes
}
