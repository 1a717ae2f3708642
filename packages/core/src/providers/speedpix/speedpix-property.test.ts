import fc from 'fast-check'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import type { VirtualClock } from '../../clock/index.js'
import { DarkroomError } from '../../errors/index.js'
import { type JobHandle, JobSchema } from '../../model/index.js'
import { type Routes, speedpixWith } from '../../testing/index.js'
import { SPEEDPIX_STATUS } from './speedpix-status.js'

const HANDLE: JobHandle = { provider: 'speedpix', operation: 'img2img', providerJobId: 't-1' }

/** Retries off: every property run sees exactly the answer it drew. */
const adapterAnswering = (routes: Routes) => speedpixWith(routes, { retries: 0 })

/** The property: a valid Job, or a typed Darkroom error; never anything else. */
async function normalizesOrFailsTyped(work: () => Promise<unknown>, clock: VirtualClock) {
  try {
    const job = await clock.run(work)
    v.parse(JobSchema, job)
  } catch (error) {
    if (!DarkroomError.isInstance(error)) throw error
  }
}

const word = fc.oneof(
  fc.constantFrom(...Object.keys(SPEEDPIX_STATUS), 'SUCCESSED', '', 'constructor', '__proto__'),
  fc.string(),
)
const loose = fc.oneof(fc.constant(null), fc.double(), fc.integer(), fc.string(), fc.boolean())
const code = fc.oneof(fc.constant(null), fc.constantFrom('TASK_FAILED', 'GPU_OOM', ''), fc.string())

/** Envelopes shaped like the real ones, with every field free to be wrong. */
const envelope = (data: fc.Arbitrary<unknown>) =>
  fc.record(
    {
      status: fc.oneof(fc.constantFrom(10, 20), loose),
      apiInvokeId: fc.oneof(fc.string(), loose),
      data,
      errCode: code,
      errMessage: fc.oneof(fc.string(), loose),
      subErrCode: code,
      subErrMessage: fc.oneof(fc.string(), loose),
      startTime: loose,
    },
    { requiredKeys: [] },
  )

const progressData = fc.record(
  {
    taskId: fc.oneof(fc.string(), loose),
    status: fc.oneof(word, loose),
    progress: fc.oneof(fc.double(), loose),
    lastQueueRemaining: fc.oneof(fc.double(), fc.integer({ min: -5, max: 1e9 }), loose),
    etaRelative: fc.oneof(fc.double(), loose),
    message: fc.oneof(fc.string(), loose),
    state: fc.oneof(
      loose,
      fc.record({ sampling_step: loose, sampling_steps: loose }, { requiredKeys: [] }),
    ),
  },
  { requiredKeys: [] },
)

const resultData = fc.record(
  {
    images: fc.oneof(
      loose,
      fc.array(fc.oneof(fc.webUrl({ withQueryParameters: true }), fc.string(), loose), {
        maxLength: 3,
      }),
    ),
    parameters: fc.oneof(
      loose,
      fc.record({ width: fc.oneof(fc.integer(), loose), height: fc.oneof(fc.integer(), loose) }),
    ),
    status: fc.oneof(word, loose),
  },
  { requiredKeys: [] },
)

const anyBody = fc.oneof(
  fc.json().map((text) => JSON.parse(text) as unknown),
  fc.anything(),
)

describe('speedpix adapter: arbitrary answers', () => {
  it('status normalizes or fails typed for any JSON', async () => {
    await fc.assert(
      fc.asyncProperty(anyBody, anyBody, async (progress, result) => {
        const { adapter, clock } = adapterAnswering({
          '/scc/sd_get_progress': { json: progress },
          '/scc/sd_get_result': { json: result },
        })
        await normalizesOrFailsTyped(() => adapter.status(HANDLE), clock)
      }),
      { numRuns: 200 },
    )
  })

  it('status normalizes or fails typed for any envelope-shaped answer', async () => {
    await fc.assert(
      fc.asyncProperty(
        envelope(fc.oneof(progressData, loose)),
        envelope(fc.oneof(resultData, loose)),
        fc.constantFrom(200, 200, 200, 400, 403, 404, 429, 500, 503),
        async (progress, result, httpStatus) => {
          const { adapter, clock } = adapterAnswering({
            '/scc/sd_get_progress': { json: progress, status: httpStatus },
            '/scc/sd_get_result': { json: result },
          })
          await normalizesOrFailsTyped(() => adapter.status(HANDLE), clock)
        },
      ),
      { numRuns: 200 },
    )
  })

  it('submit normalizes or fails typed for any answer', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(anyBody, envelope(fc.oneof(loose, fc.record({ taskId: loose, status: word })))),
        async (answer) => {
          const { adapter, clock } = adapterAnswering({ '/scc/sd_txt2img': { json: answer } })
          await normalizesOrFailsTyped(() => adapter.submit('txt2img', { prompt: 'x' }), clock)
        },
      ),
      { numRuns: 200 },
    )
  })

  it('image returns bytes or fails typed for any result', async () => {
    await fc.assert(
      fc.asyncProperty(envelope(fc.oneof(resultData, loose)), async (result) => {
        const { adapter, clock } = adapterAnswering({
          '/scc/sd_get_result': { json: result },
          'GET *': { bytes: new Uint8Array([1, 2, 3]) },
        })
        try {
          const image = await clock.run(() => adapter.image(HANDLE, 0))
          expect(image.bytes).toBeInstanceOf(Uint8Array)
          expect(typeof image.mimeType).toBe('string')
        } catch (error) {
          if (!DarkroomError.isInstance(error)) throw error
        }
      }),
      { numRuns: 200 },
    )
  })

  it('submit refuses any input outside the schema before sending', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (input) => {
        const { adapter, clock } = adapterAnswering({
          '/scc/sd_txt2img': { json: { status: 10, data: { taskId: 't', status: 'waiting' } } },
        })
        await normalizesOrFailsTyped(() => adapter.submit('txt2img', input), clock)
      }),
      { numRuns: 200 },
    )
  })
})
