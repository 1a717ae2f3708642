import { describe, expect, it } from 'vitest'
import { LagWidening } from './lag-widening.js'
import { PollQueue, type QueuedJob } from './poll-queue.js'
import { TokenBucket } from './token-bucket.js'

const T0 = 1_000_000

function queue(lanes: Record<string, number>) {
  const q = new PollQueue<QueuedJob & { name: string }>()
  for (const [lane, rate] of Object.entries(lanes)) {
    q.addLane(
      lane,
      new TokenBucket(rate, 1, T0),
      new LagWidening({ lagMs: 1000, max: 3, windowMs: 10_000 }, T0),
    )
  }
  let seq = 0
  const job = (
    name: string,
    lane: string,
    dueAt: number,
    softDueAt = dueAt,
    deadline = T0 + 1e9,
  ) => {
    const j = { name, lane, dueAt, softDueAt, deadline, seq: seq++ }
    q.schedule(j)
    return j
  }
  const drain = (now: number, idle = true) => {
    const out: string[] = []
    for (let j = q.take(now, idle); j; j = q.take(now, idle)) out.push(j.name)
    return out
  }
  return { q, job, drain }
}

describe('PollQueue', () => {
  it('polls nothing before its time, then the longest due first, one per token', () => {
    const { q, job, drain } = queue({ a: 1 })
    job('late', 'a', T0 + 3000)
    job('early', 'a', T0 + 1000)
    job('middle', 'a', T0 + 2000)
    expect(drain(T0 + 999)).toEqual([])
    expect(q.nextAt(T0 + 999, true, true)).toBe(T0 + 1000)
    expect(drain(T0 + 5000)).toEqual(['early'])
    // Waiting for a token, the lane is looked at again at the next token, not at each wake.
    expect(q.nextAt(T0 + 5000, true, true)).toBe(T0 + 6000)
    expect(q.nextAt(T0 + 5000, true, false)).toBe(T0 + 1e9)
    expect(drain(T0 + 6000)).toEqual(['middle'])
    expect(drain(T0 + 7000)).toEqual(['late'])
  })

  it('gives an idle token to a job past its soft due time only when nothing is due', () => {
    const { job, drain } = queue({ a: 1 })
    job('soft', 'a', T0 + 5000, T0 + 1000)
    job('due', 'a', T0 + 2000)
    expect(drain(T0 + 1500, false)).toEqual([])
    expect(drain(T0 + 1500)).toEqual(['soft'])
    expect(drain(T0 + 2500)).toEqual(['due'])
  })

  it('serves each lane from its own budget, due work before idle work across lanes', () => {
    const { job, drain } = queue({ a: 1, b: 1 })
    job('a-soft', 'a', T0 + 9000, T0 + 100)
    job('b-due', 'b', T0 + 200)
    job('b-due-2', 'b', T0 + 300)
    expect(drain(T0 + 500)).toEqual(['b-due', 'a-soft'])
  })

  it('hands back queued jobs whose deadline has come, and forgets removed ones', () => {
    const { q, job, drain } = queue({ a: 10 })
    job('expires', 'a', T0 + 5000, T0 + 5000, T0 + 2000)
    const gone = job('removed', 'a', T0 + 100)
    q.remove(gone)
    expect(q.expired(T0 + 1999)).toEqual([])
    expect(q.expired(T0 + 2000).map((j) => j.name)).toEqual(['expires'])
    expect(drain(T0 + 10_000)).toEqual([])
    expect(q.nextAt(T0 + 10_000, true, true)).toBe(Number.POSITIVE_INFINITY)
  })
})
