import { decodeHandle, VirtualClock } from '@darkroom/core'
import { describe, expect, it } from 'vitest'
import { createEmulators } from '../emulators.js'
import { createInProcessAdapters } from '../in-process.js'
import { runToEnd } from '../testing/index.js'
import { createJobSimulator } from './job-simulator.js'
import { memorySimulatorState, type SimulatorStateStore } from './simulator-state.js'

const size = { imageCount: 1, width: 64, height: 64 }
const timings = {
  queueWait: { kind: 'fixed', ms: 10_000 },
  runTime: { kind: 'fixed', ms: 20_000 },
} as const

/** Two simulators on one store: what two processes sharing a state file see. */
function pair(store: SimulatorStateStore, clock = new VirtualClock()) {
  const make = () =>
    createJobSimulator({ clock, seed: 7, ...timings, state: { store, namespace: 'p' } })
  return { clock, a: make(), b: make() }
}

describe('simulator state shared between simulators', () => {
  it('shows a job submitted through one to the other, further along on the clock', async () => {
    const { clock, a, b } = pair(memorySimulatorState())
    const job = a.submit({ ...size, meta: { note: 'from a' } })
    expect(b.get(job.id)).toEqual(job)
    await clock.advance(20_000)
    expect(b.get(job.id)).toMatchObject({
      phase: 'running',
      progress: 0.5,
      meta: { note: 'from a' },
    })
    await clock.advance(10_000)
    expect(b.get(job.id)).toMatchObject({ phase: 'succeeded', imageSeed: job.imageSeed })
  })

  it('gives interleaved submissions distinct ids and queue positions counting both', () => {
    const { a, b } = pair(memorySimulatorState())
    const first = a.submit(size)
    const second = b.submit(size)
    const third = a.submit(size)
    expect(new Set([first.id, second.id, third.id]).size).toBe(3)
    expect([first, second, third].map((j) => j.queuePosition)).toEqual([0, 1, 2])
    expect(a.size).toBe(3)
    expect(b.list().map((j) => j.id)).toEqual([first.id, second.id, third.id])
  })

  it('makes the same jobs from the same seed and submissions, stored or not', () => {
    const clock = new VirtualClock()
    const plain = createJobSimulator({ clock, seed: 7, ...timings })
    const { a } = pair(memorySimulatorState(), clock)
    const ours = [a.submit(size), a.submit(size)]
    const theirs = [plain.submit(size), plain.submit(size)]
    expect(ours).toEqual(theirs)
  })

  it('refuses a store that hands back a record for the wrong sequence', () => {
    const store = memorySimulatorState()
    expect(() =>
      store.append('p', (sequence) => ({
        id: 'x',
        sequence: sequence + 1,
        submittedAt: 0,
        startAt: 0,
        finishAt: 0,
        fail: null,
        meta: undefined,
        ...size,
        imageSeed: 1,
      })),
    ).toThrow(/expected sequence 0, got 1/)
  })

  it('lets aicontent infer in one emulator with a model trained in another', async () => {
    const clock = new VirtualClock()
    const state = memorySimulatorState()
    const first = createInProcessAdapters(createEmulators({ clock, seed: 3, state }), clock)
    const trained = await runToEnd(first.aicontent, clock, 'train', {
      name: 'my dog',
      objectType: 'dog',
      imageUrls: ['https://img.example.com/a.jpg'],
    })
    expect(trained.final.state).toBe('succeeded')
    // A second set of emulators on the same state: the next command's process.
    const next = createEmulators({ clock, seed: 3, state })
    const second = createInProcessAdapters(next, clock)
    const { final } = await runToEnd(second.aicontent, clock, 'inference', {
      modelId: trained.final.providerJobId,
      prompt: 'a <special-token> in the snow',
    })
    expect(final.state).toBe('succeeded')
    const image = await clock.run(second.aicontent.image(decodeHandle(final.id), 0))
    expect(image.mimeType).toBe('image/png')
    // The preset model was submitted once for the shared state, not once per emulator.
    const presets = next.aicontent.simulator
      .list()
      .filter((job) => (job.meta as { preset?: string } | undefined)?.preset === 'demo-model')
    expect(presets).toHaveLength(1)
  })
})
