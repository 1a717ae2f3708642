import { type Job, type RequestEvent, VirtualClock } from '@darkroom/core'
import { describe, expect, it } from 'vitest'
import { emulatedProviders } from '../../test/direct-emulators.js'
import { createDirectClient } from '../direct.js'

/** A direct client on the emulators whose every status request is counted (the adapters' hook). */
function counted() {
  const clock = new VirtualClock()
  const options = emulatedProviders(clock)
  const statuses: RequestEvent[] = []
  const onRequest = (event: RequestEvent) => {
    if (event.call === 'status') statuses.push(event)
  }
  const speedpix = options.providers.speedpix
  if (!speedpix) throw new Error('the emulators offer speedpix')
  const client = createDirectClient({
    ...options,
    providers: { speedpix: { ...speedpix, onRequest } },
  })
  return { clock, client, statuses }
}

async function watchAll(watch: AsyncIterable<Job>): Promise<Job[]> {
  const seen: Job[] = []
  for await (const job of watch) seen.push(job)
  return seen
}

describe('createDirectClient watches', () => {
  it('share one poller: two watches of a job cost the status requests of one', async () => {
    const run = async (watchers: number) => {
      const { clock, client, statuses } = counted()
      const request = {
        provider: 'speedpix',
        operation: 'txt2img',
        input: { prompt: 'a lighthouse', width: 256, height: 256 },
      } as const
      const job = await clock.run(client.jobs.create(request))
      const seen = await clock.run(
        Promise.all(Array.from({ length: watchers }, () => watchAll(client.jobs.watch(job.id)))),
      )
      return { statuses: statuses.length, seen }
    }
    const one = await run(1)
    const two = await run(2)
    expect(one.statuses).toBeGreaterThan(1)
    expect(two.statuses).toBe(one.statuses)
    expect(two.seen[0]?.at(-1)?.state).toBe('succeeded')
    expect(two.seen[1]).toEqual(two.seen[0])
  })

  it('ends one watch on its own signal while the other goes on', async () => {
    const { clock, client } = counted()
    const request = {
      provider: 'speedpix',
      operation: 'txt2img',
      input: { prompt: 'a harbour', width: 256, height: 256 },
    } as const
    const job = await clock.run(client.jobs.create(request))
    const controller = new AbortController()
    const stopped = watchAll(client.jobs.watch(job.id, { signal: controller.signal })).catch(
      (e) => e,
    )
    const other = client.jobs.wait(job.id)
    controller.abort()
    expect((await stopped).name).toBe('DarkroomAbortError')
    expect((await clock.run(other)).state).toBe('succeeded')
  })
})
