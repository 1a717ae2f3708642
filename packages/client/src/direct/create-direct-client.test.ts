import {
  DarkroomAbortError,
  decodeHandle,
  InvalidHandleError,
  InvalidInputError,
  type Job,
  VirtualClock,
} from '@darkroom/core'
import { describe, expect, it } from 'vitest'
import { emulatedProviders } from '../../test/direct-emulators.js'
import { createDirectClient, untypedRequest } from '../direct.js'

describe('createDirectClient', () => {
  const setup = () => {
    const clock = new VirtualClock()
    return { clock, client: createDirectClient(emulatedProviders(clock)) }
  }

  it('runs a job in-process: ids are core handles, watched by core’s engine', async () => {
    const { clock, client } = setup()
    const job = await clock.run(
      client.jobs.create({
        provider: 'aidge',
        operation: 'virtual-model',
        input: { imageUrl: 'https://example.com/shirt.png', model: 'WHITE' },
      }),
    )
    expect(decodeHandle(job.id)).toMatchObject({ provider: 'aidge', operation: 'virtual-model' })
    expect((await clock.run(client.jobs.get(job.id))).id).toBe(job.id)
    const updates: Job[] = []
    await clock.run(async () => {
      for await (const update of client.jobs.watch(job.id)) updates.push(update)
    })
    expect(updates.at(-1)?.state).toBe('succeeded')
    const image = await clock.run(client.jobs.image(job.id, 0))
    expect(image.mimeType).toMatch(/^image\//)
    expect(image.bytes.byteLength).toBeGreaterThan(100)
  })

  it('refuses an idempotencyKey, submitting nothing: it keeps no keys to make a repeat safe', async () => {
    const { clock, client } = setup()
    const request = {
      provider: 'aidge',
      operation: 'virtual-model',
      input: { imageUrl: 'https://example.com/shirt.png', model: 'WHITE' },
    } as const
    const error = await clock
      .run(client.jobs.create(request, { idempotencyKey: 'order-1' }))
      .catch((e: unknown) => e)
    expect(InvalidInputError.isInstance(error)).toBe(true)
    expect((error as InvalidInputError).issues[0]?.path).toBe('(idempotencyKey)')
    expect(String(error)).toMatch(/through a gateway/)
    await expect(clock.run(client.run(request, { idempotencyKey: 'order-1' }))).rejects.toThrow(
      /idempotencyKey is not supported/,
    )
  })

  it('lists only the configured providers', async () => {
    const clock = new VirtualClock()
    const { providers, ...rest } = emulatedProviders(clock)
    const client = createDirectClient({ ...rest, providers: { speedpix: providers.speedpix } })
    const list = await client.providers.list()
    expect(list.map((p) => p.id)).toEqual(['speedpix'])
    expect(list[0]?.operations.map((o) => o.name)).toEqual(['txt2img', 'img2img'])
    const refused = await client.jobs
      .create(
        untypedRequest({
          provider: 'aidge',
          operation: 'virtual-model',
          input: {},
        }),
      )
      .catch((e: unknown) => e)
    expect(InvalidInputError.isInstance(refused)).toBe(true)
    expect((refused as Error).message).toMatch(/"aidge" is not configured.*speedpix/)
  })

  it('refuses bad input and bad ids with clear errors, lazily for watch', async () => {
    const { clock, client } = setup()
    const bad = await clock
      .run(
        // Untyped on purpose: the missing prompt is for the run-time check to refuse.
        client.jobs.create(
          untypedRequest({
            provider: 'speedpix',
            operation: 'txt2img',
            input: { width: -3 },
          }),
        ),
      )
      .catch((e: unknown) => e)
    expect(InvalidInputError.isInstance(bad)).toBe(true)
    const watch = client.jobs.watch('nope')
    await expect(watch[Symbol.asyncIterator]().next()).rejects.toSatisfy(
      InvalidHandleError.isInstance,
    )
    await expect(client.jobs.get('drj1.###')).rejects.toSatisfy(InvalidHandleError.isInstance)
  })

  it('waits with onUpdate and stops on abort', async () => {
    const { clock, client } = setup()
    const job = await clock.run(
      client.jobs.create({ provider: 'speedpix', operation: 'txt2img', input: { prompt: 'x' } }),
    )
    const seen: string[] = []
    const done = await clock.run(client.jobs.wait(job.id, { onUpdate: (j) => seen.push(j.state) }))
    expect(done.state).toBe('succeeded')
    expect(seen.at(-1)).toBe('succeeded')
    const controller = new AbortController()
    controller.abort()
    await expect(client.jobs.wait(job.id, { signal: controller.signal })).rejects.toSatisfy(
      DarkroomAbortError.isInstance,
    )
  })

  it('checks its options', () => {
    expect(() =>
      createDirectClient({ providers: { speedpix: { appKey: '', appSecret: 'x' } } }),
    ).toThrow(/appKey/)
    expect(() => createDirectClient({ providers: { nope: {} } as never })).toThrow(
      /unknown provider "nope"/,
    )
  })
})
