import { describe, expect, it } from 'vitest'
import { IndexedHeap } from './indexed-heap.js'

interface Item {
  key: number
  id: number
}

const heapOf = () =>
  new IndexedHeap<Item>((a, b) => a.key < b.key || (a.key === b.key && a.id < b.id))

describe('IndexedHeap', () => {
  it('agrees with a sorted list through any mix of pushes, pops and deletes from the middle', () => {
    let seed = 1
    const random = () => {
      seed = (seed * 48271) % 2147483647
      return seed / 2147483647
    }
    const heap = heapOf()
    const model: Item[] = []
    for (let step = 0; step < 5000; step++) {
      const r = random()
      if (r < 0.5 || model.length === 0) {
        const item = { key: Math.floor(random() * 100), id: step }
        heap.push(item)
        model.push(item)
      } else if (r < 0.75) {
        model.sort((a, b) => a.key - b.key || a.id - b.id)
        expect(heap.pop()).toBe(model.shift())
      } else {
        const victim = model.splice(Math.floor(random() * model.length), 1)[0] as Item
        expect(heap.delete(victim)).toBe(true)
        expect(heap.has(victim)).toBe(false)
      }
      expect(heap.size).toBe(model.length)
    }
    model.sort((a, b) => a.key - b.key || a.id - b.id)
    const drained: Item[] = []
    for (let item = heap.pop(); item; item = heap.pop()) drained.push(item)
    expect(drained).toEqual(model)
  })

  it('holds an item once, and says when there was nothing to delete', () => {
    const heap = heapOf()
    const item = { key: 1, id: 1 }
    heap.push(item)
    heap.push(item)
    expect(heap.size).toBe(1)
    expect(heap.delete({ key: 1, id: 1 })).toBe(false)
    expect([...heap.values()]).toEqual([item])
    expect(heap.pop()).toBe(item)
    expect(heap.pop()).toBeUndefined()
    expect(heap.peek()).toBeUndefined()
  })
})
