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

/** The q-quantile (0..1) of numbers, linear between neighbours; null when there are none. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const pos = Math.min(1, Math.max(0, q)) * (sorted.length - 1)
  const lo = Math.floor(pos)
  const a = sorted[lo] as number
  const b = sorted[Math.ceil(pos)] as number
  return a + (b - a) * (pos - lo)
}
