import type { DarkroomClient } from '@darkroom/client'
import { type Job, NetworkError, ProviderApiError } from '@darkroom/core'
import { describe, expect, it } from 'vitest'
import { demoSetup, until } from '../../test/helpers.js'
import { JobsController } from './jobs-controller.js'

describe('JobsController', () => {
  it('shows a retrying marker on a transient failure, then recovers; a fatal error is shown, not thrown', async () => {
    const { connection, book, clock } = await demoSetup()
    const real = connection.client
    const job = await clock.run(
      real.jobs.create({ provider: 'speedpix', operation: 'txt2img', input: { prompt: 'x' } }),
    )
    const other = await clock.run(
      real.jobs.create({ provider: 'speedpix', operation: 'txt2img', input: { prompt: 'y' } }),
    )
    let attempts = 0
    const flaky: DarkroomClient = {
      ...real,
      jobs: {
        ...real.jobs,
        watch(id, options) {
          if (id === other.id)
            throw new ProviderApiError('bad key', {
              provider: 'speedpix',
              call: 'status',
              code: 'unauthorized',
              status: 403,
              providerCode: null,
              retryable: false,
            })
          attempts += 1
          if (attempts === 1) {
            const failing: AsyncIterable<Job> = {
              [Symbol.asyncIterator]: () => ({
                next: () =>
                  Promise.reject(
                    new NetworkError('connection reset', { provider: 'speedpix', call: 'status' }),
                  ),
              }),
            }
            return failing
          }
          return real.jobs.watch(id, options)
        },
      },
    }
    const controller = new JobsController({
      client: flaky,
      book,
      scope: connection.scope,
      flushMs: 0,
      retryMs: 10,
    })
    controller.add(job)
    controller.add(other)
    const view = (id: string) => controller.snapshot().find((v) => v.entry.job.id === id)
    await until(() => view(job.id)?.retrying !== null || attempts > 1, 'the retrying marker')
    await until(() => attempts > 1, 'the second watch')
    await clock.run(
      until(() => view(job.id)?.entry.job.state === 'succeeded', 'the job to succeed', 20_000),
    )
    expect(view(job.id)?.retrying).toBeNull()
    expect(view(other.id)?.failure).toMatch(/bad key/)
    controller.close()
  })

  it('resumes unfinished jobs of its connection from the history', async () => {
    const { connection, book, clock } = await demoSetup()
    const job = await clock.run(
      connection.client.jobs.create({
        provider: 'aidge',
        operation: 'virtual-model',
        input: { imageUrl: 'https://example.com/a.png', model: 'WHITE' },
      }),
    )
    book.upsert(connection.scope, job)
    book.upsert('demo:an-earlier-run', { ...job, id: 'drj1.old', providerJobId: 'old' })
    const controller = new JobsController({
      client: connection.client,
      book,
      scope: connection.scope,
      flushMs: 0,
    })
    controller.resume()
    await clock.run(
      until(
        () =>
          controller.snapshot().find((v) => v.entry.job.id === job.id)?.entry.job.state ===
          'succeeded',
        'resumed job to finish',
        20_000,
      ),
    )
    const old = controller.snapshot().find((v) => v.entry.job.id === 'drj1.old')
    expect(old?.live).toBe(false)
    controller.close()
  })
})
