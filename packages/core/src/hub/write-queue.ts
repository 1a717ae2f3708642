/**
 * Store writes, one at a time per key and in the order begun: a later snapshot never lands
 * before an earlier one, and keys do not wait for one another.
 */
export class WriteQueue {
  readonly #tails = new Map<string, Promise<unknown>>()
  readonly #onError: (error: unknown, key: string) => void

  constructor(onError: (error: unknown, key: string) => void) {
    this.#onError = onError
  }

  /**
   * Runs `write` after the key's earlier writes. With `rethrow` its failure rejects the returned
   * promise (the caller handles it); otherwise it goes to `onError` and the promise resolves.
   */
  run<T>(key: string, write: () => Promise<T>, rethrow: true): Promise<T>
  run<T>(key: string, write: () => Promise<T>, rethrow: false): Promise<T | undefined>
  run<T>(key: string, write: () => Promise<T>, rethrow: boolean): Promise<T | undefined> {
    const before = this.#tails.get(key) ?? Promise.resolve()
    const result = before.then(write)
    const tail = result.catch((error: unknown) => {
      if (!rethrow) this.#onError(error, key)
    })
    this.#tails.set(key, tail)
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key)
    })
    return rethrow ? result : result.catch(() => undefined)
  }

  /** Resolves once every write begun so far has ended. */
  async idle(): Promise<void> {
    while (this.#tails.size > 0) await Promise.all(this.#tails.values())
  }
}
