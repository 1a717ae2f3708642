/**
 * A binary min-heap of distinct items that knows where each item sits, so one can be taken out
 * from the middle in O(log n) without a scan. `JobTracker` keeps its sleeping jobs by due time,
 * its due jobs by priority and every job by deadline in these: nothing it does per poll looks at
 * more than a logarithm of the jobs it holds.
 */
export class IndexedHeap<T> {
  readonly #items: T[] = []
  readonly #index = new Map<T, number>()
  readonly #before: (a: T, b: T) => boolean

  /** `before(a, b)`: whether `a` comes out first. It must not change while both are held. */
  constructor(before: (a: T, b: T) => boolean) {
    this.#before = before
  }

  get size(): number {
    return this.#items.length
  }

  has(item: T): boolean {
    return this.#index.has(item)
  }

  /** The item that comes out next, left in place. */
  peek(): T | undefined {
    return this.#items[0]
  }

  /** Adds an item; one already held is left where it is. */
  push(item: T): void {
    if (this.#index.has(item)) return
    this.#items.push(item)
    this.#up(this.#items.length - 1, item)
  }

  /** Takes out the item that comes first. */
  pop(): T | undefined {
    const top = this.#items[0]
    if (top !== undefined) this.delete(top)
    return top
  }

  /** Takes out one item wherever it is; false when it was not held. */
  delete(item: T): boolean {
    const i = this.#index.get(item)
    if (i === undefined) return false
    this.#index.delete(item)
    const last = this.#items.pop() as T
    if (i < this.#items.length) {
      // The last item fills the hole, then moves whichever way its key says.
      if (i > 0 && this.#before(last, this.#items[(i - 1) >> 1] as T)) this.#up(i, last)
      else this.#down(i, last)
    }
    return true
  }

  /** Every item held, in no particular order. */
  values(): IterableIterator<T> {
    return this.#index.keys()
  }

  #place(i: number, item: T): void {
    this.#items[i] = item
    this.#index.set(item, i)
  }

  #up(i: number, item: T): void {
    while (i > 0) {
      const parent = (i - 1) >> 1
      const p = this.#items[parent] as T
      if (!this.#before(item, p)) break
      this.#place(i, p)
      i = parent
    }
    this.#place(i, item)
  }

  #down(i: number, item: T): void {
    const n = this.#items.length
    for (;;) {
      const left = 2 * i + 1
      if (left >= n) break
      const right = left + 1
      const l = this.#items[left] as T
      const r = this.#items[right]
      const child = r !== undefined && right < n && this.#before(r, l) ? right : left
      const c = this.#items[child] as T
      if (!this.#before(c, item)) break
      this.#place(i, c)
      i = child
    }
    this.#place(i, item)
  }
}
