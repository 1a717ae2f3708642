import { describe, expect, it } from 'vitest'
import { AlarmClock } from '../src/runtimes/workers/alarm-clock.js'

/** A storage that records what the clock arms; the wall clock stands still at `wall`. */
function harness(wall = 1_000_000) {
  const alarms: (number | null)[] = []
  const clock = new AlarmClock(
    {
      setAlarm: (at) => void alarms.push(at),
      deleteAlarm: () => void alarms.push(null),
    },
    { wall: () => wall },
  )
  return { clock, alarms }
}

const microtasks = () => new Promise<void>((resolve) => queueMicrotask(resolve))

describe('AlarmClock', () => {
  it('arms the alarm at the earliest sleep, once per change', async () => {
    const { clock, alarms } = harness()
    void clock.sleep(5_000)
    void clock.sleep(2_000)
    void clock.sleep(9_000)
    await microtasks()
    expect(alarms).toEqual([1_002_000])
    expect(clock.armedAt).toBe(1_002_000)
    expect(clock.pending).toBe(3)
  })

  it('a fired alarm is its time: now moves there and the sleepers due by then wake, in order', async () => {
    const { clock, alarms } = harness()
    const woke: number[] = []
    void clock.sleep(2_000).then(() => woke.push(2))
    void clock.sleep(2_000).then(() => woke.push(3))
    void clock.sleep(7_000).then(() => woke.push(7))
    await microtasks()
    await clock.alarm()
    expect(clock.now()).toBe(1_002_000)
    expect(woke).toEqual([2, 3])
    expect(alarms).toEqual([1_002_000, 1_007_000])
    await clock.alarm()
    expect(woke).toEqual([2, 3, 7])
    expect(clock.now()).toBe(1_007_000)
    // The fired alarm is spent and nothing sleeps: no write at all.
    expect(alarms).toEqual([1_002_000, 1_007_000])
  })

  it('an aborted sleep rejects with its reason and moves the alarm to the next one', async () => {
    const { clock, alarms } = harness()
    const stop = new AbortController()
    const early = clock.sleep(1_000, stop.signal)
    void clock.sleep(4_000)
    await microtasks()
    stop.abort(new Error('woken'))
    await expect(early).rejects.toThrow('woken')
    await microtasks()
    expect(alarms).toEqual([1_001_000, 1_004_000])
    await expect(clock.sleep(1, stop.signal)).rejects.toThrow('woken')
  })

  it('an abort followed at once by a new sleep writes the alarm once', async () => {
    const { clock, alarms } = harness()
    void clock.sleep(3_000)
    await microtasks()
    const stop = new AbortController()
    clock.sleep(1_000, stop.signal).catch(() => undefined)
    stop.abort()
    void clock.sleep(2_000)
    await microtasks()
    expect(alarms).toEqual([1_003_000, 1_002_000])
  })

  it('an alarm handler lasts until the tracked work it woke has ended', async () => {
    const { clock } = harness()
    let finish: () => void = () => undefined
    const events: string[] = []
    void clock.sleep(1_000).then(() => {
      const call = new Promise<void>((resolve) => {
        finish = resolve
      })
      void clock.track(call).then(() => events.push('call ended'))
    })
    await microtasks()
    const handler = clock.alarm().then(() => events.push('handler done'))
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(events).toEqual([])
    finish()
    await handler
    expect(events).toEqual(['call ended', 'handler done'])
  })

  it('the outbound clock reads the wall clock, whatever alarms fired', async () => {
    const { clock } = harness()
    void clock.sleep(60_000)
    await microtasks()
    await clock.alarm()
    expect(clock.now()).toBe(1_060_000)
    expect(clock.outbound.now()).toBe(1_000_000)
  })

  it('reports an alarm the storage refuses and keeps going', async () => {
    const errors: unknown[] = []
    const clock = new AlarmClock(
      {
        setAlarm: () => Promise.reject(new Error('storage unavailable')),
        deleteAlarm: () => undefined,
      },
      { wall: () => 0, onError: (error) => errors.push(error) },
    )
    void clock.sleep(10)
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(String(errors[0])).toMatch(/storage unavailable/)
  })
})
