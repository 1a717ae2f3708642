import { DurationLearner, ProviderApiError, VirtualClock, waitForJob } from '@darkroom/core'
import { describe, expect, it } from 'vitest'
import { createEmulators } from './emulators.js'
import { createInProcessAdapters } from './in-process.js'
import { FIXED_TIMINGS, handleOf } from './testing/index.js'

// Codes that are in neither the adapters' tables nor the emulators' own: the emulator answers
// them only because the marker asks, so these tests do not just replay a shared guess.
const CASES = [
  {
    provider: 'aicontent',
    operation: 'inference',
    input: {
      modelId: 'demo-model',
      prompt: 'a <special-token> [[status-error:B_JOB_SCHEDULER_BUSY]]',
    },
    code: 'B_JOB_SCHEDULER_BUSY',
  },
  {
    provider: 'speedpix',
    operation: 'txt2img',
    input: { prompt: 'a harbour [[status-error:ENGINE_OVERLOADED]]' },
    code: 'ENGINE_OVERLOADED',
  },
  {
    provider: 'aidge',
    operation: 'virtual-model',
    input: {
      imageUrl: 'https://example.com/shirt.png',
      model: 'WHITE',
      bgStyle: 'room [[status-error:503]]',
    },
    code: '503',
  },
] as const

describe('an undocumented business code on status polls ([[status-error:<code>]])', () => {
  it.each(CASES)('$provider: is waited out, and the job still finishes', async (c) => {
    const clock = new VirtualClock()
    const adapter = createInProcessAdapters(
      createEmulators({ clock, seed: 5, ...FIXED_TIMINGS }),
      clock,
    )[c.provider]
    const initial = await clock.run(() => adapter.submit(c.operation, c.input))
    const refused = await clock.run(() => adapter.status(handleOf(initial))).catch((e) => e)
    expect(ProviderApiError.isInstance(refused)).toBe(true)
    expect(refused).toMatchObject({ code: 'provider_error', retryable: true, providerCode: c.code })
    const options = { clock, initial, learner: new DurationLearner() }
    const final = await clock.run(() => waitForJob(adapter, handleOf(initial), options))
    expect(final.state).toBe('succeeded')
    expect(final.images.length).toBeGreaterThan(0)
  })
})
