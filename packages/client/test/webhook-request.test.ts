import { VirtualClock } from '@darkroom/core'
import { describe, expect, it } from 'vitest'
import { createDirectClient } from '../src/direct.js'
import { createClient, InvalidInputError } from '../src/index.js'
import { emulatedProviders } from './direct-emulators.js'
import { gatewayApp } from './gateway-app.js'

const request = {
  provider: 'speedpix',
  operation: 'txt2img',
  input: { prompt: 'a fox' },
  webhook: { url: 'http://127.0.0.1:9/hooks' },
} as const

describe('a job request with a webhook', () => {
  it('reaches the gateway, which keeps it with the job and checks it', async () => {
    const gateway = gatewayApp({ durable: true })
    const remote = createClient({
      baseUrl: 'http://gateway.test',
      apiKey: 'demo',
      fetch: gateway.fetch,
      clock: gateway.clock,
    })
    const job = await remote.jobs.create(request)
    const deliveries = await gateway.fetch(`http://gateway.test/v1/jobs/${job.id}/deliveries`, {
      headers: { authorization: 'Bearer demo' },
    })
    expect(deliveries.status).toBe(200)
    const bad = { ...request, webhook: { url: request.webhook.url, events: ['job.done' as never] } }
    const error = await remote.jobs.create(bad).catch((e: unknown) => e)
    expect(InvalidInputError.isInstance(error)).toBe(true)
    expect((error as InvalidInputError).issues.map((i) => i.path)).toEqual(['(webhook).events'])
  })

  it('is refused by the direct client, which has nobody to deliver it', async () => {
    const direct = createDirectClient(emulatedProviders(new VirtualClock()))
    const error = await direct.jobs.create(request).catch((e: unknown) => e)
    expect(InvalidInputError.isInstance(error)).toBe(true)
    expect((error as InvalidInputError).issues).toEqual([
      {
        path: '(webhook)',
        message:
          'is delivered by a gateway, and the direct client has none: submit through createClient, or wait for the job with jobs.wait',
      },
    ])
  })
})
