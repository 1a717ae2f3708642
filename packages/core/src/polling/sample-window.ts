/**
 * The last `capacity` numeric samples, with quantiles. Bounded so that a long-lived process
 * adapts when a provider gets faster or slower, and so memory never grows.
 */
export class SampleWindow {
  readonly #capacity: number
  #values: number[] = []
  #next = 0
  #sorted: number[] | null = null

  constructor(capacity: number) {
    this.#capacity = capacity
  }

  get size(): number {
    return this.#values.length
  }

  add(value: number): void {
    if (!Number.isFinite(value)) return
    if (this.#values.length < this.#capacity) this.#values.push(value)
    else this.#values[this.#next] = value
    this.#next = (this.#next + 1) % this.#capacity
    this.#sorted = null
  }

  /** The q-quantile (0..1), linear between neighbours; null when empty. */
  quantile(q: number): number | null {
    if (this.#values.length === 0) return null
    this.#sorted ??= [...this.#values].sort((a, b) => a - b)
    const sorted = this.#sorted
    const pos = Math.min(1, Math.max(0, q)) * (sorted.length - 1)
    const lo = Math.floor(pos)
    const hi = Math.ceil(pos)
    const a = sorted[lo] as number
    const b = sorted[hi] as number
    return a + (b - a) * (pos - lo)
  }

  values(): number[] {
    return [...this.#values]
  }
}
