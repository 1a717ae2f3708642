import { exports } from 'cloudflare:workers'
import { DurationLearner, JobSchema, VirtualClock } from '@darkroom/core'
import { createEmulators, createInProcessAdapters } from '@darkroom/emulator'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { generatedOpenApi } from '../../src/openapi/build.js'

const auth = { authorization: 'Bearer demo', 'content-type': 'application/json' }

async function readEvents(response: Response): Promise<{ id: string; data: string }[]> {
  const text = await response.text()
  return text
    .split('\n\n')
    .filter((block) => block.includes('event: job'))
    .map((block) => ({
      id: /^id: (.*)$/m.exec(block)?.[1] ?? '',
      data: block
        .split('\n')
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n'),
    }))
}

describe('gateway in workerd', () => {
  it('serves the demo Worker entry: health says demo, a job is accepted', async () => {
    const worker = exports.default
    const health = await worker.fetch(new Request('http://gateway.test/healthz'))
    expect(await health.json()).toMatchObject({ status: 'ok', mode: 'demo' })
    const created = await worker.fetch(
      new Request('http://gateway.test/v1/jobs', {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({
          provider: 'speedpix',
          operation: 'txt2img',
          input: { prompt: 'a fox' },
        }),
      }),
    )
    expect(created.status).toBe(202)
    expect(v.parse(JobSchema, await created.json()).state).toMatch(/queued|running/)
    const unauthorized = await worker.fetch(new Request('http://gateway.test/v1/providers'))
    expect(unauthorized.status).toBe(401)
  })

  it('serves /openapi.json and the input schemas of /v1/providers from the static assets', async () => {
    const worker = exports.default
    const docResponse = await worker.fetch(new Request('http://gateway.test/openapi.json'))
    expect(docResponse.status).toBe(200)
    expect(docResponse.headers.get('x-request-id')).toBeTruthy()
    const doc = (await docResponse.json()) as { openapi: string; components: { schemas: object } }
    expect(doc.openapi).toBe('3.1.0')
    expect(doc.components.schemas).toHaveProperty('Input_aidge_virtual_model')
    const providers = await worker.fetch(
      new Request('http://gateway.test/v1/providers', { headers: auth }),
    )
    const body = (await providers.json()) as {
      providers: {
        id: string
        operations: {
          name: string
          inputSchema: { $schema?: string; properties: Record<string, unknown> }
        }[]
      }[]
    }
    const txt2img = body.providers
      .find((p) => p.id === 'speedpix')
      ?.operations.find((o) => o.name === 'txt2img')
    expect(txt2img?.inputSchema.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
    expect(txt2img?.inputSchema.properties.prompt).toBeDefined()
  })

  it('runs the whole job life — create, events to the end, image bytes — in virtual time', async () => {
    const clock = new VirtualClock()
    const emulators = createEmulators({ clock, seed: 3 })
    const adapters = createInProcessAdapters(emulators, clock)
    const app = createApp({
      config: loadConfig({ DARKROOM_DEMO: '1', DARKROOM_TOKEN_SECRET: 'w'.repeat(40) }),
      adapters,
      openApi: generatedOpenApi(adapters),
      clock,
      log: () => undefined,
      watch: { learner: new DurationLearner() },
    })
    const call = (path: string, init: RequestInit = {}) =>
      clock.run(
        Promise.resolve(app.request(`http://gateway.test${path}`, { ...init, headers: auth })),
      )
    const created = await call('/v1/jobs', {
      method: 'POST',
      body: JSON.stringify({
        provider: 'speedpix',
        operation: 'txt2img',
        input: { prompt: 'a heron', width: 256, height: 256, count: 2 },
      }),
    })
    expect(created.status).toBe(202)
    const job = v.parse(JobSchema, await created.json())
    const events = await clock.run(async () => readEvents(await call(`/v1/jobs/${job.id}/events`)))
    const last = v.parse(JobSchema, JSON.parse(events.at(-1)?.data ?? '{}'))
    expect(events.map((e) => Number(e.id))).toEqual(events.map((_, i) => i + 1))
    expect(last.state).toBe('succeeded')
    expect(last.images).toHaveLength(2)
    // A relative URL: gateway.test is not a configured host.
    const image = await call(last.images[1]?.url as string)
    expect(image.headers.get('content-type')).toBe('image/png')
    const bytes = new Uint8Array(await image.arrayBuffer())
    expect(bytes[1]).toBe(0x50) // "P" of the PNG signature
  })
})
