import { describe, expect, it } from 'vitest'
import { InFlight, SleeperQueue } from './sleeper-queue.js'

describe('SleeperQueue', () => {
  it('wakes in time order, ties in the order added, and only those due', () => {
    const woken: string[] = []
    const queue = new SleeperQueue()
    queue.add(30, () => woken.push('c'))
    queue.add(10, () => woken.push('a'))
    queue.add(10, () => woken.push('b'))
    expect(queue.earliest).toBe(10)
    expect(queue.wakeDue(20)).toBe(2)
    expect(woken).toEqual(['a', 'b'])
    expect(queue.size).toBe(1)
    expect(queue.earliest).toBe(30)
  })

  it('takes a wake-up out when removed, and tells onChange of every change', () => {
    let changes = 0
    const queue = new SleeperQueue(() => changes++)
    const remove = queue.add(5, () => {
      throw new Error('a removed sleeper must not wake')
    })
    remove()
    remove()
    expect(queue.size).toBe(0)
    expect(changes).toBe(2)
    expect(queue.wakeDue(100)).toBe(0)
    expect(changes).toBe(2)
  })

  it('rejects an aborted sleep with the reason and leaves no listener behind', async () => {
    const queue = new SleeperQueue()
    const controller = new AbortController()
    const sleeping = queue.sleep(50, controller.signal)
    controller.abort(new Error('stop'))
    await expect(sleeping).rejects.toThrow('stop')
    expect(queue.size).toBe(0)
    await expect(queue.sleep(1, controller.signal)).rejects.toThrow('stop')

    const kept = new AbortController()
    const resolved = queue.sleep(10, kept.signal)
    queue.wakeDue(10)
    await expect(resolved).resolves.toBeUndefined()
    // Aborting after the wake-up changes nothing: the listener was removed when it woke.
    kept.abort(new Error('late'))
    expect(queue.size).toBe(0)
  })
})

describe('InFlight', () => {
  it('counts work until it settles, rejected work included', async () => {
    const inFlight = new InFlight()
    let finish: () => void = () => undefined
    const work = inFlight.track(new Promise<void>((resolve) => (finish = resolve)))
    const failing = inFlight.track(Promise.reject(new Error('no')))
    await expect(failing).rejects.toThrow('no')
    expect(inFlight.size).toBeGreaterThanOrEqual(1)
    finish()
    await work
    await inFlight.settle(() => new Promise((resolve) => setTimeout(resolve, 0)))
    expect(inFlight.size).toBe(0)
  })
})
