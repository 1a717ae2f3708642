import { describe, expect, it } from 'vitest'
import { type Clock, startTimer } from './clock.js'
import { VirtualClock } from './virtual-clock.js'

describe('VirtualClock', () => {
  it('fires sleeps in time order, then in call order, only when advanced', async () => {
    const clock = new VirtualClock({ start: 0 })
    const fired: string[] = []
    void clock.sleep(300).then(() => fired.push('c'))
    void clock.sleep(100).then(() => fired.push('a'))
    void clock.sleep(100).then(() => fired.push('b'))
    await clock.advance(99)
    expect(fired).toEqual([])
    await clock.advance(200)
    expect(fired).toEqual(['a', 'b'])
    expect(clock.now()).toBe(299)
    await clock.advance(1)
    expect(fired).toEqual(['a', 'b', 'c'])
  })

  it('rejects a sleep when its signal aborts, and forgets its timer', async () => {
    const clock = new VirtualClock()
    const controller = new AbortController()
    const sleeping = clock.sleep(1000, controller.signal)
    controller.abort(new Error('stop'))
    await expect(sleeping).rejects.toThrow('stop')
    expect(clock.pendingTimers).toBe(0)
    await expect(clock.sleep(5, AbortSignal.abort())).rejects.toThrow()
  })

  it('fires timers at their time, in order with sleeps due at the same instant, unless cancelled', async () => {
    const clock = new VirtualClock({ start: 0 })
    const fired: string[] = []
    void clock.sleep(100).then(() => fired.push('sleep'))
    clock.timer(100, () => fired.push('timer'))
    const cancel = clock.timer(50, () => fired.push('cancelled'))
    expect(clock.pendingTimers).toBe(3)
    cancel()
    expect(clock.pendingTimers).toBe(2)
    await clock.advance(99)
    expect(fired).toEqual([])
    await clock.advance(1)
    expect(fired).toEqual(['sleep', 'timer'])
  })

  it('startTimer uses a clock without a timer through sleep, and cancels it', async () => {
    const virtual = new VirtualClock({ start: 0 })
    const sleepOnly: Clock = { now: () => virtual.now(), sleep: (ms, s) => virtual.sleep(ms, s) }
    const fired: number[] = []
    startTimer(sleepOnly, 10, () => fired.push(virtual.now()))
    const cancel = startTimer(sleepOnly, 20, () => fired.push(-1))
    cancel()
    await virtual.advance(30)
    expect(fired).toEqual([10])
    expect(virtual.pendingTimers).toBe(0)
    cancel()
  })

  it('runs work to completion, jumping between timers', async () => {
    const clock = new VirtualClock({ start: 0 })
    const result = await clock.run(async () => {
      await clock.sleep(60_000)
      await clock.sleep(3_600_000)
      return clock.now()
    })
    expect(result).toBe(3_660_000)
  })

  it('holds time still while tracked work is pending', async () => {
    const clock = new VirtualClock({ start: 0 })
    let release: () => void = () => undefined
    const io = clock.track(new Promise<void>((r) => (release = r)))
    const timeAtIo = clock.run(async () => {
      void clock.sleep(10)
      await io
      return clock.now()
    })
    setTimeout(() => release(), 5)
    expect(await timeAtIo).toBe(0)
  })

  it('says so when work waits on something that will never come', async () => {
    const clock = new VirtualClock({ maxIdleTurns: 3, maxIdleMs: 10 })
    await expect(clock.run(new Promise(() => undefined))).rejects.toThrow(
      /neither a timer nor a tracked promise/,
    )
  })
})
