import { readdirSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { JobSchema, VirtualClock } from '@darkroom/core'
import * as v from 'valibot'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type NodeGateway, startNodeGateway } from '../src/runtimes/node-server.js'
import { tempDataDir } from './child-gateway.js'
import { loopbackCaller, readSse, submitTxt2img } from './helpers.js'

// The Node entry's own start-up path (environment → config → demo adapters → @hono/node-server),
// over real loopback HTTP, on a virtual clock so the demo jobs take no real time.
describe('Node entry over loopback', () => {
  const clock = new VirtualClock()
  let gateway: NodeGateway
  const call = loopbackCaller(clock, () => gateway.url)
  const data = tempDataDir()

  beforeAll(async () => {
    gateway = await startNodeGateway(
      { PORT: '0', HOST: '127.0.0.1', DARKROOM_DATA_DIR: data.dir },
      { clock },
    )
  })
  afterAll(async () => {
    await gateway.close()
    data.remove()
  })

  it('says demo, and runs a job from POST to image bytes', async () => {
    expect(gateway.banner).toContain('demo')
    const health = await (await call('/healthz')).json()
    expect(health.mode).toBe('demo')
    for (const [provider, operation, input] of [
      ['speedpix', 'txt2img', { prompt: 'a red kite', width: 256, height: 256 }],
      [
        'aicontent',
        'inference',
        { modelId: 'demo-model', prompt: 'a <special-token> in the snow' },
      ],
      ['aidge', 'virtual-model', { imageUrl: 'https://example.com/shirt.png', model: 'WHITE' }],
    ] as const) {
      const created = await call('/v1/jobs', {
        method: 'POST',
        body: JSON.stringify({ provider, operation, input }),
      })
      expect(created.status, `${provider} ${await created.clone().text()}`).toBe(202)
      const job = v.parse(JobSchema, await created.json())
      const events = await clock.run(async () => readSse(await call(`/v1/jobs/${job.id}/events`)))
      const last = v.parse(JobSchema, JSON.parse(events.events.at(-1)?.data ?? '{}'))
      expect(last.state).toBe('succeeded')
      const signed = new URL(last.images[0]?.url as string)
      const image = await call(`${signed.pathname}${signed.search}`)
      expect(image.status).toBe(200)
      const bytes = new Uint8Array(await image.arrayBuffer())
      expect([...bytes.slice(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG')
      // The signed URL alone, as an <img src> sends it: no Authorization header.
      const bare = await clock.run(clock.track(fetch(signed)))
      expect(bare.status).toBe(200)
      expect(new Uint8Array(await bare.arrayBuffer())).toEqual(bytes)
    }
    // Each succeeded job's image was kept as a file under the data directory (keeping runs
    // after the job succeeded, so it may still be writing the last one).
    await clock.run(gateway.imagesIdle())
    const kept = readdirSync(gateway.imagesPath).filter((name) => name.endsWith('.img'))
    expect(kept.length).toBeGreaterThanOrEqual(3)
    expect(gateway.imagesPath).toBe(join(data.dir, 'images-demo'))
  })

  it('builds absolute image URLs for its own address only, never for a spoofed Host', async () => {
    const { id } = await submitTxt2img(call, 'a kite')
    await clock.run(async () => readSse(await call(`/v1/jobs/${id}/events`)))
    const own = v.parse(JobSchema, await (await call(`/v1/jobs/${id}`)).json())
    expect(own.images[0]?.url?.split('?')[0]).toBe(`${gateway.url}/v1/images/${id}/0`)
    const spoofed = v.parse(
      JobSchema,
      JSON.parse(await rawGet(`${gateway.url}/v1/jobs/${id}`, { host: 'evil.example' })),
    )
    expect(spoofed.images[0]?.url?.split('?')[0]).toBe(`/v1/images/${id}/0`)
  })

  it('refuses to start on a bad configuration, naming the variable', async () => {
    await expect(startNodeGateway({ PORT: 'eighty' })).rejects.toThrow(
      /PORT must be a whole number/,
    )
    await expect(startNodeGateway({ DARKROOM_TOKEN_SECRET: 'short' })).rejects.toThrow(
      /DARKROOM_TOKEN_SECRET/,
    )
  })
})

/** A GET through node:http, which (unlike fetch) sends the Host header it is given. */
function rawGet(url: string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { authorization: 'Bearer demo', ...headers } }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        body += chunk
      })
      res.on('end', () => resolve(body))
    })
    req.on('error', reject)
    req.end()
  })
}
