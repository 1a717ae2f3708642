import { DarkroomAbortError, type Job } from '@darkroom/core'
import { describe, expect, it } from 'vitest'
import { pushedWatch, WatcherLeftError } from '../src/runtimes/workers/pushed-watch.js'

const job = (n: number) => ({ id: `j${n}`, progress: n / 10 }) as unknown as Job

describe('pushedWatch', () => {
  it('yields each pushed snapshot in order; each push waits until it is taken', async () => {
    const taken: number[] = []
    const watch = pushedWatch(async (onJob) => {
      for (const n of [1, 2, 3]) {
        await onJob(job(n))
        taken.push(n)
      }
    })
    const seen: string[] = []
    for await (const j of watch) {
      seen.push(j.id)
      // The push of this snapshot has been released, the next one not yet taken.
      expect(taken.length).toBeLessThanOrEqual(seen.length)
    }
    expect(seen).toEqual(['j1', 'j2', 'j3'])
    expect(taken).toEqual([1, 2, 3])
  })

  it("throws the watch's own error after the snapshots before it", async () => {
    const watch = pushedWatch(async (onJob) => {
      await onJob(job(1))
      throw new Error('upstream said no')
    })
    const seen: string[] = []
    await expect(
      (async () => {
        for await (const j of watch) seen.push(j.id)
      })(),
    ).rejects.toThrow('upstream said no')
    expect(seen).toEqual(['j1'])
  })

  it('a watcher that leaves makes the next push reject, which ends the pushing side', async () => {
    let pushing: Promise<unknown> = Promise.resolve()
    const watch = pushedWatch((onJob) => {
      pushing = (async () => {
        for (let n = 1; ; n++) await onJob(job(n))
      })().catch((error: unknown) => error)
      return pushing.then(() => undefined)
    })
    for await (const j of watch) if (j.id === 'j2') break
    expect(await pushing).toBeInstanceOf(WatcherLeftError)
  })

  it('an abort ends the iteration with a DarkroomAbortError, even while nothing is pushed', async () => {
    const stop = new AbortController()
    const watch = pushedWatch(() => new Promise(() => undefined), stop.signal)
    const next = watch.next()
    stop.abort()
    await expect(next).rejects.toSatisfy((e: unknown) => DarkroomAbortError.isInstance(e))
  })
})
