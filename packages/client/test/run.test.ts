// `run` and `jobs.images` on both transports, in virtual time: a gateway in-process (its
// emulators wired in) for the remote client, in-process emulators for the direct one.
import {
  DarkroomAbortError,
  DarkroomTimeoutError,
  InvalidInputError,
  type Job,
  VirtualClock,
} from '@darkroom/core'
import { describe, expect, it } from 'vitest'
import { createDirectClient, untypedRequest } from '../src/direct.js'
import { createClient, type DarkroomClient } from '../src/index.js'
import { emulatedProviders } from './direct-emulators.js'
import { gatewayApp, recordingFetch } from './gateway-app.js'

/**
 * A fetch whose submits send their headers and then no body, until the request is aborted, as a
 * real fetch would (`onStall` is told when one stalls); the other requests pass through.
 */
function stallingSubmits(
  inner: typeof fetch,
  isSubmit: (request: Request) => boolean,
  onStall: () => void,
) {
  return recordingFetch(inner, async (request, answer) => {
    if (!isSubmit(request)) return answer()
    const { headers, status } = await answer()
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        const abort = () => controller.error(request.signal.reason)
        request.signal.addEventListener('abort', abort, { once: true })
      },
    })
    queueMicrotask(onStall)
    return new Response(body, { headers, status })
  }).fetch
}

interface Transport {
  clock: VirtualClock
  client: DarkroomClient
}

/** A transport; `onStall` makes its submits stall (and is told when one does). */
type Setup = (onStall?: () => void) => Transport

const remote: Setup = (onStall) => {
  const gw = gatewayApp()
  const isSubmit = (r: Request) => r.method === 'POST' && r.url.endsWith('/v1/jobs')
  const fetch = onStall ? stallingSubmits(gw.fetch, isSubmit, onStall) : gw.fetch
  const client = createClient({
    baseUrl: 'http://gateway.test',
    apiKey: 'demo',
    fetch,
    clock: gw.clock,
  })
  return { clock: gw.clock, client }
}

const direct: Setup = (onStall) => {
  const clock = new VirtualClock()
  const options = emulatedProviders(clock)
  const speedpix = options.providers.speedpix
  if (onStall && speedpix?.fetch) {
    const isSubmit = (r: Request) => r.url.includes('/scc/sd_txt2img')
    speedpix.fetch = stallingSubmits(speedpix.fetch, isSubmit, onStall)
  }
  return { clock, client: createDirectClient(options) }
}

const txt2img = (prompt: string) =>
  ({
    provider: 'speedpix',
    operation: 'txt2img',
    input: { prompt, width: 256, height: 256, count: 2 },
  }) as const

describe.each<[string, Setup]>([
  ['remote', remote],
  ['direct', direct],
])('run and jobs.images (%s)', (_name, setup) => {
  it('submits and waits in one call, every snapshot to onUpdate, and returns the terminal job', async () => {
    const { clock, client } = setup()
    const updates: Job[] = []
    const done = await clock.run(
      client.run(txt2img('a lighthouse'), { onUpdate: (job) => updates.push(job) }),
    )
    expect(done.state).toBe('succeeded')
    expect(updates.at(-1)).toEqual(done)
    expect(updates.some((job) => job.state !== 'succeeded')).toBe(true)

    const images = await clock.run(client.jobs.images(done.id))
    expect(images).toHaveLength(2)
    expect(done.images).toHaveLength(2)
    for (const [index, image] of images.entries()) {
      expect(image.mimeType).toBe('image/png')
      expect(image).toEqual(await clock.run(client.jobs.image(done.id, index)))
    }
  })

  it('returns a failed job as a result, not a thrown error', async () => {
    const { clock, client } = setup()
    const done = await clock.run(client.run(txt2img('a cat [[fail:GPU_OOM]]')))
    expect(done.state).toBe('failed')
    expect(done.error).toMatchObject({ code: 'out_of_resources' })
    const refused = await clock.run(client.jobs.images(done.id)).catch((e: unknown) => e)
    expect(InvalidInputError.isInstance(refused)).toBe(true)
    expect(refused).toMatchObject({
      call: 'images',
      issues: [{ path: '(id)', message: expect.stringContaining('job is failed, not succeeded') }],
    })
  })

  it('checks an untyped request at run time, with the field at fault', async () => {
    const { clock, client } = setup()
    const form = { provider: 'speedpix', operation: 'txt2img', input: { prompt: 'x', steps: '20' } }
    const refused = await clock.run(client.run(untypedRequest(form))).catch((e: unknown) => e)
    expect(InvalidInputError.isInstance(refused)).toBe(true)
    expect((refused as InvalidInputError).issues.map((issue) => issue.path)).toEqual(['steps'])
  })

  it('ends at timeoutMs, the watch included: the timeout carries the last snapshot', async () => {
    const { clock, client } = setup()
    const started = clock.now()
    const error = await clock
      .run(client.run(txt2img('slow [[duration:600]]'), { timeoutMs: 20_000 }))
      .catch((e: unknown) => e)
    expect(DarkroomTimeoutError.isInstance(error), String(error)).toBe(true)
    expect((error as DarkroomTimeoutError).lastSnapshot?.state).toMatch(/queued|running/)
    expect(clock.now() - started).toBe(20_000)
  })

  it("obeys the caller's signal while the submit has not answered", async () => {
    const controller = new AbortController()
    const { clock, client } = setup(() => controller.abort())
    const error = await clock
      .run(client.run(txt2img('never answered'), { signal: controller.signal }))
      .catch((e: unknown) => e)
    expect(DarkroomAbortError.isInstance(error), String(error)).toBe(true)
  })

  it("obeys the caller's signal, before the submit and during the watch", async () => {
    const { clock, client } = setup()
    const early = await clock
      .run(client.run(txt2img('x'), { signal: AbortSignal.abort() }))
      .catch((e: unknown) => e)
    expect(DarkroomAbortError.isInstance(early), String(early)).toBe(true)

    const controller = new AbortController()
    const late = await clock
      .run(
        client.run(txt2img('slow [[duration:600]]'), {
          signal: controller.signal,
          onUpdate: (job) => {
            if (job.state === 'running') controller.abort()
          },
        }),
      )
      .catch((e: unknown) => e)
    expect(DarkroomAbortError.isInstance(late), String(late)).toBe(true)
  })

  it('refuses a timeoutMs that is no positive number', async () => {
    const { client } = setup()
    await expect(client.run(txt2img('x'), { timeoutMs: 0 })).rejects.toThrow(
      /run: timeoutMs must be over 0, got 0/,
    )
  })
})

// Remote only: the direct transport's HTTP helper holds a virtual clock still for as long as an
// attempt is in flight (its body included), so a stalled submit there never lets the run's timer
// fire in virtual time. The timer is the same code for both (`run-job.ts`).
describe('run (remote): the deadline covers the submit', () => {
  it('ends at timeoutMs while the submit has not answered, saying the job may exist', async () => {
    const { clock, client } = remote(() => undefined)
    const started = clock.now()
    const error = await clock
      .run(client.run(txt2img('never answered'), { timeoutMs: 5000 }))
      .catch((e: unknown) => e)
    expect(DarkroomTimeoutError.isInstance(error), String(error)).toBe(true)
    expect(error).toMatchObject({ call: 'submit', lastSnapshot: null })
    expect((error as Error).message).toMatch(/not done within 5000 ms \(the job may exist\)/)
    expect(clock.now() - started).toBe(5000)
  })
})
