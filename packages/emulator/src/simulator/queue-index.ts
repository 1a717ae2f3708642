/**
 * Answers "how many jobs submitted before job i are still waiting at time t" in O(log n), so
 * providers that report queue positions can be polled for 10 000 jobs without an O(n) scan per
 * call.
 *
 * A Fenwick tree over submission order holds 1 per job still waiting; a min-heap of start times
 * says which jobs to clear as time passes. Each job is cleared once: O(log n) per submission,
 * per clearance and per query. Time must only move forward (callers clamp it).
 */
export class QueueIndex {
  /** 1-based Fenwick tree; index 0 unused. */
  readonly #tree: number[] = [0]
  /** Min-heap of [startAt, position] for jobs still counted as waiting. */
  readonly #heap: Array<readonly [number, number]> = []

  /** Registers the next job in submission order; returns its position (0-based). */
  add(startAt: number, now: number): number {
    const position = this.#tree.length - 1
    const waiting = startAt > now ? 1 : 0
    const i = position + 1
    const low = i - (i & -i)
    // A new Fenwick node covers (low, i]: its own value plus the already-stored (low, i-1].
    this.#tree.push(waiting + this.#prefix(i - 1) - this.#prefix(low))
    if (waiting) this.#push([startAt, position])
    return position
  }

  /** Clears every job whose start time has come. */
  advanceTo(now: number): void {
    for (let top = this.#heap[0]; top && top[0] <= now; top = this.#heap[0]) {
      this.#pop()
      for (let i = top[1] + 1; i < this.#tree.length; i += i & -i) {
        this.#tree[i] = (this.#tree[i] ?? 0) - 1
      }
    }
  }

  /** Jobs submitted before `position` that were still waiting at the last `advanceTo`. */
  waitingBefore(position: number): number {
    return this.#prefix(position)
  }

  #prefix(count: number): number {
    let sum = 0
    for (let i = count; i > 0; i -= i & -i) sum += this.#tree[i] ?? 0
    return sum
  }

  #push(entry: readonly [number, number]): void {
    const heap = this.#heap
    heap.push(entry)
    let i = heap.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      const p = heap[parent] as readonly [number, number]
      if (p[0] <= entry[0]) break
      heap[i] = p
      i = parent
    }
    heap[i] = entry
  }

  #pop(): void {
    const heap = this.#heap
    const last = heap.pop()
    if (!last || heap.length === 0) return
    let i = 0
    for (;;) {
      const left = 2 * i + 1
      if (left >= heap.length) break
      const right = left + 1
      const l = heap[left] as readonly [number, number]
      const r = heap[right]
      const child = r && r[0] < l[0] ? right : left
      const c = heap[child] as readonly [number, number]
      if (last[0] <= c[0]) break
      heap[i] = c
      i = child
    }
    heap[i] = last
  }
}
