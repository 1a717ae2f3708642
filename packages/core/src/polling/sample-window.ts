/**
 * The last `capacity` samples. Bounded so that a long-lived process adapts when a provider gets
 * faster or slower, and so memory never grows.
 */
export class SampleWindow<T> {
  readonly #capacity: number
  #values: T[] = []
  #next = 0

  constructor(capacity: number) {
    this.#capacity = capacity
  }

  get size(): number {
    return this.#values.length
  }

  add(value: T): void {
    if (this.#values.length < this.#capacity) this.#values.push(value)
    else this.#values[this.#next] = value
    this.#next = (this.#next + 1) % this.#capacity
  }

  values(): T[] {
    return [...this.#values]
  }
}
