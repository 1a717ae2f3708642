import type { DurableObjectNamespace } from 'cloudflare:workers'
import { createProviderAdapter, type ProviderId, VirtualClock } from '@darkroom/core'
import { createEmulators, inProcessAdapterOptions } from '@darkroom/emulator'
import { describe, expect, it } from 'vitest'
import type { GatewayJobs } from '../src/jobs/gateway-jobs.js'
import { durableObjectJobs } from '../src/runtimes/workers/durable-object-jobs.js'
import type { ProviderJobsRpc } from '../src/runtimes/workers/object-rpc.js'
import { outcome } from '../src/runtimes/workers/rpc-errors.js'
import { memoryHubJobs } from './memory-hub.js'

const OWNER = 'alice'
const keep = (text: string) => text

/**
 * The Workers' jobs over a namespace of stand-in objects, one per provider, each a hub over its
 * own memory store answering outcomes as a `ProviderJobs` object does: the merge of their lists
 * is what is under test (workerd runs the real objects in test/workers).
 */
function workersJobs() {
  const clock = new VirtualClock()
  const wired = inProcessAdapterOptions(createEmulators({ clock, seed: 7 }), clock)
  const ids: ProviderId[] = ['speedpix', 'aidge']
  const adapters = Object.fromEntries(ids.map((id) => [id, createProviderAdapter(id, wired[id])]))
  const objects = new Map<string, GatewayJobs>(
    ids.map((id) => [id, memoryHubJobs({ [id]: adapters[id] }, clock)]),
  )
  const rpc = (jobs: GatewayJobs): ProviderJobsRpc =>
    ({
      submit: (provider, operation, input, owner) =>
        outcome(() => jobs.submit(provider, operation, input, owner), keep),
      list: (query) => outcome(() => jobs.list(query), keep),
    }) as Partial<ProviderJobsRpc> as ProviderJobsRpc
  const namespace = {
    idFromName: (name: string) => name,
    get: (id: string) => rpc(objects.get(id) as GatewayJobs),
  } as unknown as DurableObjectNamespace<ProviderJobsRpc>
  return { clock, jobs: durableObjectJobs(namespace, adapters) }
}

describe("the Workers' job list across the providers' objects", () => {
  it('merges their pages newest first and pages on across them with one cursor', async () => {
    const { clock, jobs } = workersJobs()
    const submitted: string[] = []
    for (let i = 0; i < 5; i++) {
      const job = await clock.run(
        i % 2 === 0
          ? jobs.submit('speedpix', 'txt2img', { prompt: `job ${i} [[duration:600]]` }, OWNER)
          : jobs.submit(
              'aidge',
              'virtual-model',
              { imageUrl: 'https://example.com/shirt.png', model: 'WHITE' },
              OWNER,
            ),
      )
      submitted.push(job.id)
      await clock.advance(1_000)
    }
    const seen: string[][] = []
    let cursor: string | undefined
    for (let page = 0; page < 5; page++) {
      const answer = await clock.run(jobs.list({ owner: OWNER, limit: 2, cursor }))
      seen.push(answer.jobs.map((row) => row.job.id))
      if (answer.nextCursor === null) break
      cursor = answer.nextCursor
    }
    const newest = [...submitted].reverse()
    expect(seen).toEqual([newest.slice(0, 2), newest.slice(2, 4), newest.slice(4)])
    const aidge = await clock.run(jobs.list({ owner: OWNER, provider: 'aidge', limit: 10 }))
    expect(aidge.jobs.map((row) => row.job.id)).toEqual([submitted[3], submitted[1]])
    expect(aidge.nextCursor).toBeNull()
    expect((await clock.run(jobs.list({ owner: 'bob', limit: 10 }))).jobs).toEqual([])
  })

  it('refuses a cursor it did not hand out before asking any object', async () => {
    const { jobs } = workersJobs()
    const refused = await jobs
      .list({ owner: OWNER, limit: 2, cursor: 'nope' })
      .catch((e: unknown) => e)
    expect(refused).toMatchObject({ issues: [{ path: 'cursor' }] })
  })
})
