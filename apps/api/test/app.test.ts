import { JobSchema, type ProviderAdapter, ProviderApiError, VirtualClock } from '@darkroom/core'
import { createEmulators, createInProcessAdapters } from '@darkroom/emulator'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { liveAdapters } from '../src/adapters.js'
import { createApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { generatedOpenApi } from '../src/openapi/build.js'
import { makeGateway, readSse } from './helpers.js'

const txt2img = {
  provider: 'speedpix',
  operation: 'txt2img',
  input: { prompt: 'a lighthouse at dusk', width: 512, height: 512 },
}

/** The caller of a live gateway in these tests, and the variables that configure it. */
const WEB_KEY = 'web-secret-abcdefgh'
const LIVE_KEYS = { DARKROOM_API_KEYS: `web:${WEB_KEY}`, DARKROOM_TOKEN_SECRET: 'z'.repeat(40) }

async function problemOf(response: Response) {
  expect(response.headers.get('content-type')).toBe('application/problem+json')
  const body = await response.json()
  expect(body).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status: response.status,
    detail: expect.any(String),
    code: expect.any(String),
    retryable: expect.any(Boolean),
    requestId: expect.any(String),
  })
  expect(body.requestId).toBe(response.headers.get('x-request-id'))
  return body
}

describe('gateway routes', () => {
  it('answers /healthz with the demo marker, without a key', async () => {
    const { request } = makeGateway()
    const response = await request('/healthz', { key: null })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({
      status: 'ok',
      mode: 'demo',
      providers: ['aicontent', 'speedpix', 'aidge'],
    })
    expect(response.headers.get('x-request-id')).toBeTruthy()
  })

  it("lists providers with each operation's input JSON Schema", async () => {
    const { request } = makeGateway()
    const body = await (await request('/v1/providers')).json()
    const ids = body.providers.map((p: { id: string }) => p.id)
    expect(ids).toEqual(['aicontent', 'speedpix', 'aidge'])
    const speedpix = body.providers.find((p: { id: string }) => p.id === 'speedpix')
    const op = speedpix.operations.find((o: { name: string }) => o.name === 'txt2img')
    expect(op.inputSchema.type).toBe('object')
    expect(op.inputSchema.properties.prompt).toBeDefined()
  })

  it('does not offer a provider without credentials', async () => {
    const { request } = makeGateway({ providers: ['speedpix'] })
    const body = await (await request('/v1/providers')).json()
    expect(body.providers.map((p: { id: string }) => p.id)).toEqual(['speedpix'])
    const response = await request('/v1/jobs', {
      method: 'POST',
      body: JSON.stringify({ ...txt2img, provider: 'aidge', operation: 'virtual-model' }),
    })
    expect(response.status).toBe(400)
    expect((await problemOf(response)).errors).toEqual([
      {
        path: '(provider)',
        message: 'provider "aidge" is not offered by this gateway (offered: speedpix)',
      },
    ])
  })

  it('runs a whole job: 202 + Location, snapshots, events to the end, image bytes', async () => {
    const { request, clock } = makeGateway()
    const created = await clock.run(
      request('/v1/jobs', { method: 'POST', body: JSON.stringify(txt2img) }),
    )
    expect(created.status).toBe(202)
    const job = v.parse(JobSchema, await created.json())
    expect(created.headers.get('location')).toBe(`/v1/jobs/${job.id}`)
    expect(job.provider).toBe('speedpix')

    const snapshot = await clock.run(request(`/v1/jobs/${job.id}`))
    expect(v.parse(JobSchema, await snapshot.json()).id).toBe(job.id)

    const stream = await clock.run(async () => readSse(await request(`/v1/jobs/${job.id}/events`)))
    const jobs = stream.events.map((e) => {
      expect(e.event).toBe('job')
      return v.parse(JobSchema, JSON.parse(e.data))
    })
    expect(stream.events.map((e) => Number(e.id))).toEqual(jobs.map((_, i) => i + 1))
    const last = jobs.at(-1)
    expect(last?.state).toBe('succeeded')
    expect(last?.images.length).toBeGreaterThan(0)
    // Relative: gateway.test is not a configured host (see public-url.test.ts).
    const url = last?.images[0]?.url as string
    expect(url?.split('?')[0]).toBe(`/v1/images/${job.id}/0`)

    const image = await clock.run(request(url))
    expect(image.status).toBe(200)
    expect(image.headers.get('content-type')).toBe('image/png')
    expect(image.headers.get('cache-control')).toContain('immutable')
    const bytes = new Uint8Array(await image.arrayBuffer())
    expect([...bytes.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47])
  })

  it('resumes events after Last-Event-ID with the current snapshot, and sends heartbeats', async () => {
    const { request, clock } = makeGateway({ heartbeatMs: 1000 })
    const job = await (
      await clock.run(request('/v1/jobs', { method: 'POST', body: JSON.stringify(txt2img) }))
    ).json()
    const stream = await clock.run(async () =>
      readSse(await request(`/v1/jobs/${job.id}/events`, { headers: { 'last-event-id': '41' } })),
    )
    expect(Number(stream.events[0]?.id)).toBe(42)
    expect(stream.comments.some((c) => c.includes('heartbeat'))).toBe(true)
  })

  it("stops polling upstream when the event stream's client goes away", async () => {
    const { request, clock, emulators } = makeGateway()
    const job = await (
      await clock.run(
        request('/v1/jobs', {
          method: 'POST',
          body: JSON.stringify({
            ...txt2img,
            input: { ...txt2img.input, prompt: 'slow [[duration:600]]' },
          }),
        }),
      )
    ).json()
    let upstream = 0
    const original = emulators.speedpix.app.fetch
    emulators.speedpix.app.fetch = ((req: Request, ...rest: unknown[]) => {
      upstream += 1
      return (original as (...a: unknown[]) => Response | Promise<Response>)(req, ...rest)
    }) as typeof original
    const controller = new AbortController()
    const response = await clock.run(
      request(`/v1/jobs/${job.id}/events`, { signal: controller.signal }),
    )
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    await clock.run(reader.read())
    await clock.advance(10_000)
    await reader.cancel()
    controller.abort()
    await clock.advance(1000)
    const afterCancel = upstream
    await clock.advance(300_000)
    expect(upstream).toBe(afterCancel)
  })

  it('refuses a missing or wrong API key with 401 and a problem', async () => {
    const { request } = makeGateway()
    for (const key of [null, 'wrong']) {
      const response = await request('/v1/providers', { key })
      expect(response.status).toBe(401)
      expect(response.headers.get('www-authenticate')).toContain('Bearer')
      expect((await problemOf(response)).code).toBe('unauthorized')
    }
  })

  it("answers 404 for a tampered token and for another key's token", async () => {
    const { request, clock } = makeGateway({
      env: { DARKROOM_API_KEYS: 'alice:alice-secret-000000,bob:bob-secret-11111111' },
    })
    const job = await (
      await clock.run(
        request('/v1/jobs', {
          method: 'POST',
          key: 'alice-secret-000000',
          body: JSON.stringify(txt2img),
        }),
      )
    ).json()
    expect(
      (await clock.run(request(`/v1/jobs/${job.id}`, { key: 'alice-secret-000000' }))).status,
    ).toBe(200)
    const foreign = await request(`/v1/jobs/${job.id}`, { key: 'bob-secret-11111111' })
    expect(foreign.status).toBe(404)
    const tampered = `${job.id.slice(0, -2)}${job.id.endsWith('AA') ? 'BB' : 'AA'}`
    for (const path of [
      `/v1/jobs/${tampered}`,
      `/v1/jobs/${tampered}/events`,
      `/v1/jobs/${tampered}/images/0`,
      '/v1/jobs/garbage',
    ]) {
      const response = await request(path, { key: 'alice-secret-000000' })
      expect(response.status).toBe(404)
      expect((await problemOf(response)).code).toBe('not_found')
    }
  })

  it.each([
    ['not JSON', '{"provider":', undefined, /not valid JSON/],
    ['of the wrong content type', JSON.stringify(txt2img), 'text/plain', /got "text\/plain"/],
    ['without a content type', JSON.stringify(txt2img), null, /got no Content-Type/],
  ])('refuses a body that is %s with 400', async (_name, body, type, detail) => {
    const { app } = makeGateway()
    const headers: Record<string, string> = { authorization: 'Bearer demo' }
    headers['content-type'] = type === undefined ? 'application/json' : (type ?? '')
    if (type === null) delete headers['content-type']
    const response = await app.request('http://gateway.test/v1/jobs', {
      method: 'POST',
      // A Blob body, so the runtime adds no content type of its own.
      body: new Blob([body]),
      headers,
    })
    expect(response.status).toBe(400)
    const problem = await problemOf(response)
    expect(problem.code).toBe('invalid_input')
    expect(problem.detail).toMatch(detail)
  })

  it('accepts a JSON content type with parameters or a +json suffix', async () => {
    const { app, clock } = makeGateway()
    for (const type of ['application/json; charset=utf-8', 'application/vnd.darkroom+json']) {
      const response = await clock.run(
        Promise.resolve(
          app.request('http://gateway.test/v1/jobs', {
            method: 'POST',
            body: JSON.stringify(txt2img),
            headers: { authorization: 'Bearer demo', 'content-type': type },
          }),
        ),
      )
      expect(response.status).toBe(202)
    }
  })

  it('names every invalid part of the request body', async () => {
    const { request } = makeGateway()
    const response = await request('/v1/jobs', {
      method: 'POST',
      body: JSON.stringify({ provider: 'No Pe', operation: 3, extra: true }),
    })
    const body = await problemOf(response)
    expect(response.status).toBe(400)
    const paths = body.errors.map((e: { path: string }) => e.path)
    expect(paths.sort()).toEqual(['(extra)', '(input)', '(operation)', '(provider)'])
  })

  it('refuses an unknown operation and invalid operation input, naming the field', async () => {
    const { request } = makeGateway()
    const unknown = await request('/v1/jobs', {
      method: 'POST',
      body: JSON.stringify({ ...txt2img, operation: 'upscale' }),
    })
    expect((await problemOf(unknown)).errors[0].path).toBe('(operation)')
    const invalid = await request('/v1/jobs', {
      method: 'POST',
      body: JSON.stringify({ ...txt2img, input: { prompt: 'x', width: 'wide' } }),
    })
    expect(invalid.status).toBe(400)
    const body = await problemOf(invalid)
    expect(body.errors.map((e: { path: string }) => e.path)).toContain('width')
  })

  it('refuses a bad image index and a body over the limit', async () => {
    const { request, clock } = makeGateway({ env: { DARKROOM_BODY_LIMIT_BYTES: '2048' } })
    const job = await (
      await clock.run(request('/v1/jobs', { method: 'POST', body: JSON.stringify(txt2img) }))
    ).json()
    const bad = await request(`/v1/jobs/${job.id}/images/first`)
    expect(bad.status).toBe(400)
    expect((await problemOf(bad)).errors[0].path).toBe('(index)')
    const big = await request('/v1/jobs', {
      method: 'POST',
      body: JSON.stringify({ ...txt2img, input: { prompt: 'x'.repeat(5000) } }),
    })
    expect(big.status).toBe(413)
    expect((await problemOf(big)).code).toBe('payload_too_large')
  })

  it('answers unknown routes with 404 and wrong methods with 405 + Allow, as problems', async () => {
    const { request } = makeGateway()
    const missing = await request('/v2/anything')
    expect(missing.status).toBe(404)
    await problemOf(missing)
    const wrong = await request('/v1/jobs', { method: 'DELETE' })
    expect(wrong.status).toBe(405)
    // /v1/jobs answers POST (submit) and GET (the job list).
    expect(wrong.headers.get('allow')).toBe('POST, GET')
    expect((await problemOf(wrong)).code).toBe('method_not_allowed')
  })

  it('passes a provider rate limit on as 429 with Retry-After', async () => {
    const { request, clock } = makeGateway()
    const job = await (
      await clock.run(request('/v1/jobs', { method: 'POST', body: JSON.stringify(txt2img) }))
    ).json()
    const limited = makeGateway({ emulators: { faults: { rateLimitRate: 1 } } })
    // The same job id is valid on the second gateway: same token secret, same key.
    const response = await limited.clock.run(limited.request(`/v1/jobs/${job.id}`))
    expect(response.status).toBe(429)
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0)
    const body = await problemOf(response)
    expect(body).toMatchObject({ code: 'rate_limited', retryable: true })
  })

  it('never lets a secret out in a response or a log line, even inside a provider message', async () => {
    const secret = 'super-secret-provider-key-123'
    const config = loadConfig({
      SPEEDPIX_APP_KEY: 'k',
      SPEEDPIX_APP_SECRET: secret,
      ...LIVE_KEYS,
    })
    const logs: unknown[] = []
    const leaky = {
      id: 'speedpix' as const,
      operations: {
        txt2img: {
          name: 'txt2img',
          label: 't',
          description: 'd',
          input: v.unknown(),
          capabilities: { progress: false, queuePosition: false, eta: false, imageUrls: false },
          timing: { minMs: 0, typicalMs: 1 },
        },
      },
      submit: async () => {
        throw new ProviderApiError(`upstream said: bad signature for secret ${secret}`, {
          provider: 'speedpix',
          call: 'submit',
          code: 'unauthorized',
          status: 403,
          providerCode: null,
          retryable: false,
        })
      },
      status: async () => {
        throw new Error(`crash with ${secret}`)
      },
      image: async () => {
        throw new Error('no')
      },
    }
    const app = createApp({
      config,
      adapters: { speedpix: leaky },
      log: (e) => logs.push(e),
      openApi: generatedOpenApi({}),
    })
    const response = await app.request('http://gateway.test/v1/jobs', {
      method: 'POST',
      headers: { authorization: `Bearer ${WEB_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(txt2img),
    })
    expect(response.status).toBe(502)
    const text = await response.text()
    expect(text).not.toContain(secret)
    expect(text).toContain('[redacted]')
    expect(JSON.stringify(logs)).not.toContain(secret)
    expect(JSON.stringify(logs)).not.toContain(WEB_KEY)
  })

  it('never lets a piece of a provider secret out when the provider echoes it in a long message', async () => {
    const secret = 'Zq7-aicontent-access-key-secret'
    const config = loadConfig({
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'key-id',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: secret,
      ...LIVE_KEYS,
    })
    // An upstream that echoes the secret so that it straddles the 300-character cut.
    const upstream = (async () =>
      Response.json(
        { RequestId: 'r-1', Code: 'SignatureDoesNotMatch', Message: `${'x'.repeat(294)}${secret}` },
        { status: 403 },
      )) as typeof fetch
    const adapters = liveAdapters(config, { fetch: upstream })
    const logs: unknown[] = []
    const app = createApp({
      config,
      adapters,
      log: (e) => logs.push(e),
      openApi: generatedOpenApi({}),
    })
    const response = await app.request('http://gateway.test/v1/jobs', {
      method: 'POST',
      headers: { authorization: `Bearer ${WEB_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        provider: 'aicontent',
        operation: 'inference',
        input: { modelId: 'm', prompt: 'p' },
      }),
    })
    expect(response.status).toBe(502)
    const { detail } = await response.json()
    expect(detail).toContain('SignatureDoesNotMatch')
    expect(detail).not.toContain(secret.slice(0, 4))
    expect(JSON.stringify(logs)).not.toContain(secret.slice(0, 4))
  })

  it("redacts secrets from a failed job's error, in snapshots and in events", async () => {
    const secret = 'speedpix-app-secret-0123456789'
    const config = loadConfig({
      SPEEDPIX_APP_KEY: 'k',
      SPEEDPIX_APP_SECRET: secret,
      ...LIVE_KEYS,
    })
    const clock = new VirtualClock()
    const real = createInProcessAdapters(createEmulators({ clock, seed: 1 }), clock).speedpix
    // A provider whose failure message echoes the secret.
    const failing: ProviderAdapter = {
      ...real,
      status: async (handle, options) => ({
        ...(await real.status(handle, options)),
        state: 'failed',
        error: {
          code: 'provider_error',
          message: `task failed: signed with ${secret}`,
          retryable: false,
          providerCode: 'E1',
        },
      }),
    }
    const app = createApp({
      config,
      adapters: { speedpix: failing },
      clock,
      log: () => undefined,
      openApi: generatedOpenApi({}),
    })
    const call = (path: string, init: RequestInit = {}) =>
      clock.run(
        Promise.resolve(
          app.request(`http://gateway.test${path}`, {
            ...init,
            headers: {
              authorization: `Bearer ${WEB_KEY}`,
              'content-type': 'application/json',
            },
          }),
        ),
      )
    const job = await (
      await call('/v1/jobs', { method: 'POST', body: JSON.stringify(txt2img) })
    ).json()
    const snapshot = await (await call(`/v1/jobs/${job.id}`)).text()
    const events = await clock.run(async () => (await call(`/v1/jobs/${job.id}/events`)).text())
    for (const text of [snapshot, events]) {
      expect(text).toContain('task failed: signed with [redacted]')
      expect(text).not.toContain(secret)
    }
  })

  it('answers CORS preflights for configured origins only', async () => {
    const { request } = makeGateway({ env: { DARKROOM_CORS_ORIGINS: 'https://app.example' } })
    const ok = await request('/v1/jobs', {
      method: 'OPTIONS',
      key: null,
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
    })
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example')
    const other = await request('/v1/jobs', {
      method: 'OPTIONS',
      key: null,
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    })
    expect(other.headers.get('access-control-allow-origin')).not.toBe('https://evil.example')
  })

  it('serves an OpenAPI 3.1 document generated from the schemas', async () => {
    const { request } = makeGateway()
    const doc = await (await request('/openapi.json', { key: null })).json()
    expect(doc.openapi).toBe('3.1.0')
    expect(doc.components.schemas.Job.properties.state.enum).toContain('succeeded')
    expect(doc.components.schemas.Input_speedpix_txt2img.properties.prompt).toBeDefined()
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/jobs',
        '/v1/jobs/{id}',
        '/v1/jobs/{id}/events',
        '/v1/jobs/{id}/images/{index}',
      ]),
    )
  })
})
