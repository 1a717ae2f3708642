import { type Clock, VirtualClock } from '@darkroom/core'
import { describe, expect, it } from 'vitest'
import { createJobSimulator, type JobSimulatorOptions } from './job-simulator.js'
import { parseMarkers } from './markers.js'

const size = { imageCount: 2, width: 512, height: 768 }

function setup(overrides: Partial<JobSimulatorOptions> = {}) {
  const clock = new VirtualClock()
  const sim = createJobSimulator<{ prompt: string }>({
    clock,
    seed: 1,
    queueWait: { kind: 'fixed', ms: 10_000 },
    runTime: { kind: 'fixed', ms: 20_000 },
    ...overrides,
  })
  return { clock, sim }
}

describe('createJobSimulator', () => {
  it('moves a job from queued to running to succeeded on the clock', async () => {
    const { clock, sim } = setup()
    const t0 = clock.now()
    const job = sim.submit({ ...size, meta: { prompt: 'a cat' } })
    expect(job).toMatchObject({
      phase: 'queued',
      progress: 0,
      queuePosition: 0,
      submittedAt: t0,
      startAt: t0 + 10_000,
      finishAt: t0 + 30_000,
      failure: null,
      meta: { prompt: 'a cat' },
      ...size,
    })
    await clock.advance(10_000)
    expect(sim.get(job.id)).toMatchObject({ phase: 'running', progress: 0, queuePosition: null })
    await clock.advance(5_000)
    expect(sim.get(job.id)?.progress).toBeCloseTo(0.25)
    await clock.advance(14_999)
    expect(sim.get(job.id)?.phase).toBe('running')
    await clock.advance(1)
    expect(sim.get(job.id)).toMatchObject({ phase: 'succeeded', progress: 1, etaSeconds: null })
    expect(sim.get('nope')).toBeUndefined()
  })

  it('makes stable 25-character ids from the seed and sequence, with a prefix option', () => {
    const ids = (seed: number, prefix?: string) => {
      const { sim } = setup({ seed, ...(prefix ? { prefix } : {}) })
      return [sim.submit(size).id, sim.submit(size).id]
    }
    const [a, b] = ids(1)
    expect(a).toMatch(/^[0-9a-z]{25}$/)
    expect(a).not.toBe(b)
    expect(ids(1)).toEqual([a, b])
    expect(ids(2)[0]).not.toBe(a)
    expect(ids(1, 'task-')[0]).toMatch(/^task-[0-9a-z]{25}$/)
  })

  it('fails a job with a fail marker at its finish time', async () => {
    const { clock, sim } = setup()
    const job = sim.submit({ ...size, markers: parseMarkers('a dog [[fail:OOM]]') })
    await clock.advance(29_999)
    expect(sim.get(job.id)).toMatchObject({ phase: 'running', failure: null })
    await clock.advance(1)
    expect(sim.get(job.id)).toMatchObject({ phase: 'failed', failure: 'OOM', progress: 1 })
  })

  it('uses the duration marker as the run time', () => {
    const { sim } = setup()
    const job = sim.submit({ ...size, markers: parseMarkers('[[duration:2.5]]') })
    expect(job.finishAt - job.startAt).toBe(2500)
  })

  it('takes per-job distributions over the defaults', () => {
    const { sim } = setup()
    const job = sim.submit({
      ...size,
      queueWait: { kind: 'fixed', ms: 1 },
      runTime: { kind: 'fixed', ms: 600_000 },
    })
    expect([job.startAt - job.submittedAt, job.finishAt - job.startAt]).toEqual([1, 600_000])
  })

  it('quantizes progress to progressSteps', async () => {
    const { clock, sim } = setup({ progressSteps: 4, queueWait: { kind: 'fixed', ms: 0 } })
    const job = sim.submit(size)
    const seen: number[] = []
    for (let t = 0; t < 20_000; t += 1000) {
      seen.push(sim.get(job.id)?.progress as number)
      await clock.advance(1000)
    }
    expect(new Set(seen)).toEqual(new Set([0, 0.25, 0.5, 0.75]))
  })

  it('reports ETAs within the noise bounds, stable within a second', async () => {
    const { clock, sim } = setup({ etaNoise: 0.25 })
    const job = sim.submit(size)
    for (let t = 0; t < 30_000; t += 250) {
      const snap = sim.get(job.id)
      const remaining = (job.finishAt - clock.now()) / 1000
      const eta = snap?.etaSeconds as number
      expect(eta).toBeGreaterThanOrEqual(remaining * 0.75)
      expect(eta).toBeLessThanOrEqual(remaining * 1.25)
      expect(sim.get(job.id)?.etaSeconds).toBe(eta)
      await clock.advance(250)
    }
  })

  it('reports exact ETAs without noise, counting the queue wait', () => {
    const { sim } = setup({ etaNoise: 0 })
    expect(sim.submit(size).etaSeconds).toBe(30)
  })

  it('counts queued jobs submitted earlier as the queue position, never increasing', async () => {
    const { clock, sim } = setup({ queueWait: { kind: 'uniform', minMs: 0, maxMs: 60_000 } })
    const jobs = Array.from({ length: 50 }, () => sim.submit(size))
    const last = jobs.at(-1)?.id as string
    let previous = Number.POSITIVE_INFINITY
    let previousProgress = 0
    for (let t = 0; t <= 90_000; t += 500) {
      const now = clock.now()
      for (const [i, job] of jobs.entries()) {
        const snap = sim.get(job.id)
        const expected = jobs.slice(0, i).filter((other) => other.startAt > now).length
        expect(snap?.queuePosition).toBe(now < job.startAt ? expected : null)
      }
      const snap = sim.get(last)
      if (snap?.queuePosition != null) {
        expect(snap.queuePosition).toBeLessThanOrEqual(previous)
        previous = snap.queuePosition
      }
      expect(snap?.progress).toBeGreaterThanOrEqual(previousProgress)
      previousProgress = snap?.progress as number
      await clock.advance(500)
    }
    expect(sim.list().every((s) => s.phase === 'succeeded')).toBe(true)
    expect(sim.size).toBe(50)
  })

  it('replays identical timings and ETAs for the same seed', async () => {
    const run = async () => {
      const { clock, sim } = setup({ runTime: { kind: 'lognormal', medianMs: 20_000, sigma: 0.5 } })
      for (let i = 0; i < 20; i++) sim.submit(size)
      await clock.advance(12_345)
      return sim.list()
    }
    expect(await run()).toEqual(await run())
  })

  it('never lets phases regress when the clock steps back', () => {
    let now = 1_000_000
    const clock: Clock = { now: () => now, sleep: async () => undefined }
    const sim = createJobSimulator({
      clock,
      seed: 1,
      queueWait: { kind: 'fixed', ms: 1000 },
      runTime: { kind: 'fixed', ms: 1000 },
    })
    const job = sim.submit(size)
    now += 5000
    expect(sim.get(job.id)?.phase).toBe('succeeded')
    now -= 4500
    expect(sim.get(job.id)?.phase).toBe('succeeded')
  })

  it('serves 10 000 jobs with cheap snapshots', async () => {
    const { clock, sim } = setup({
      queueWait: { kind: 'exponential', meanMs: 300_000 },
      runTime: { kind: 'lognormal', medianMs: 30_000, sigma: 0.5 },
    })
    const ids = Array.from({ length: 10_000 }, () => sim.submit(size).id)
    const started = performance.now()
    for (let round = 0; round < 10; round++) {
      for (const id of ids) sim.get(id)
      await clock.advance(60_000)
    }
    // 100 000 snapshots; a linear scan per call would take minutes.
    expect(performance.now() - started).toBeLessThan(5000)
    const probe = ids[9_999] as string
    const snap = sim.get(probe)
    if (snap?.phase === 'queued') {
      const now = clock.now()
      const expected = sim
        .list()
        .slice(0, 9_999)
        .filter((s) => s.startAt > now).length
      expect(snap.queuePosition).toBe(expected)
    }
  })

  it('rejects options that make no sense', () => {
    expect(() => setup({ etaNoise: 1 })).toThrow(RangeError)
    expect(() => setup({ progressSteps: 0 })).toThrow(RangeError)
  })
})
