import { JobSchema } from '@darkroom/core'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../src/config.js'
import { makeGateway, readSse } from './helpers.js'

const txt2img = {
  provider: 'speedpix',
  operation: 'txt2img',
  input: { prompt: 'a lighthouse at dusk', width: 256, height: 256 },
}

/** Runs a job to the end with every request sent to `origin`; its Location and last snapshot. */
async function runJob(env: Record<string, string>, origin: string) {
  const { app, clock } = makeGateway({ env })
  const call = (path: string, init: RequestInit = {}) =>
    clock.run(
      Promise.resolve(
        app.request(`${origin}${path}`, {
          ...init,
          headers: { authorization: 'Bearer demo', 'content-type': 'application/json' },
        }),
      ),
    )
  const created = await call('/v1/jobs', { method: 'POST', body: JSON.stringify(txt2img) })
  expect(created.status).toBe(202)
  const job = v.parse(JobSchema, await created.json())
  const stream = await clock.run(async () => readSse(await call(`/v1/jobs/${job.id}/events`)))
  const streamed = v.parse(JobSchema, JSON.parse(stream.events.at(-1)?.data ?? '{}'))
  const snapshot = v.parse(JobSchema, await (await call(`/v1/jobs/${job.id}`)).json())
  expect(streamed.state).toBe('succeeded')
  return { id: job.id, location: created.headers.get('location'), streamed, snapshot }
}

describe('the URLs in answers', () => {
  it('never take their origin from a Host header that is not configured', async () => {
    const run = await runJob({}, 'http://evil.example')
    for (const job of [run.streamed, run.snapshot]) {
      expect(job.images[0]?.url?.split('?')[0]).toBe(`/v1/images/${run.id}/0`)
    }
    expect(run.location).toBe(`/v1/jobs/${run.id}`)
  })

  it('come from DARKROOM_PUBLIC_URL when set, path prefix included, whatever the Host', async () => {
    const run = await runJob(
      { DARKROOM_PUBLIC_URL: 'https://img.example/darkroom/' },
      'http://evil.example',
    )
    for (const job of [run.streamed, run.snapshot]) {
      expect(job.images[0]?.url?.split('?')[0]).toBe(
        `https://img.example/darkroom/v1/images/${run.id}/0`,
      )
    }
    expect(run.location).toBe(`https://img.example/darkroom/v1/jobs/${run.id}`)
  })

  it('use the request origin when its host is one of DARKROOM_ALLOWED_HOSTS', async () => {
    const env = { DARKROOM_ALLOWED_HOSTS: 'gateway.test, api.example:8443' }
    const allowed = await runJob(env, 'http://gateway.test:8080')
    expect(allowed.snapshot.images[0]?.url?.split('?')[0]).toBe(
      `http://gateway.test:8080/v1/images/${allowed.id}/0`,
    )
    const withPort = await runJob(env, 'https://api.example:8443')
    expect(withPort.snapshot.images[0]?.url).toMatch(/^https:\/\/api\.example:8443\/v1\/images\//)
    // A host listed with a port is allowed on that port only.
    const otherPort = await runJob(env, 'https://api.example')
    expect(otherPort.snapshot.images[0]?.url?.split('?')[0]).toBe(`/v1/images/${otherPort.id}/0`)
    const spoofed = await runJob(env, 'http://evil.example')
    expect(spoofed.snapshot.images[0]?.url?.split('?')[0]).toBe(`/v1/images/${spoofed.id}/0`)
  })
})

describe('DARKROOM_PUBLIC_URL and DARKROOM_ALLOWED_HOSTS', () => {
  it('are read and normalized', () => {
    const config = loadConfig({
      DARKROOM_DEMO: '1',
      DARKROOM_PUBLIC_URL: 'HTTPS://Img.Example:443/darkroom//',
      DARKROOM_ALLOWED_HOSTS: 'Gateway.Test,[::1]:8787, 10.0.0.2:80',
    })
    expect(config.publicUrl).toBe('https://img.example/darkroom')
    expect(config.allowedHosts).toEqual([
      { hostname: 'gateway.test', port: null },
      { hostname: '[::1]', port: 8787 },
      { hostname: '10.0.0.2', port: 80 },
    ])
    expect(loadConfig({ DARKROOM_DEMO: '1' })).toMatchObject({ publicUrl: null, allowedHosts: [] })
  })

  it.each([
    ['DARKROOM_PUBLIC_URL', 'ftp://img.example'],
    ['DARKROOM_PUBLIC_URL', 'img.example/darkroom'],
    ['DARKROOM_PUBLIC_URL', 'https://img.example/?x=1'],
    ['DARKROOM_PUBLIC_URL', 'https://img.example/#top'],
    ['DARKROOM_PUBLIC_URL', 'https://user:pass@img.example'],
    ['DARKROOM_ALLOWED_HOSTS', 'https://gateway.test'],
    ['DARKROOM_ALLOWED_HOSTS', 'gateway.test/api'],
    ['DARKROOM_ALLOWED_HOSTS', 'gate way.test'],
    ['DARKROOM_ALLOWED_HOSTS', 'gateway.test:http'],
    ['DARKROOM_ALLOWED_HOSTS', 'a.test,,b.test'],
  ])('refuse a bad %s (%s), naming it', (name, value) => {
    const load = () => loadConfig({ DARKROOM_DEMO: '1', [name]: value })
    expect(load).toThrow(ConfigError)
    expect(load).toThrow(name)
  })
})
