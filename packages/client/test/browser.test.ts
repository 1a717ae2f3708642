// The remote client in headless Chromium (Debian's `chromium`, driven by playwright-core): a page
// served from one loopback origin loads the bundled client and runs a job through the gateway on
// another origin, so CORS is exercised for real. The browser runs in real time; the gateway runs
// on a virtual clock pumped fast, so the job takes well under a second.
import { existsSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bundle } from './bundle.js'
import { startGateway } from './helpers.js'
import { DEMO_SECRET, sampleEvent, signed } from './webhook-deliveries.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Serves the page, the bundled client and its webhooks entry on 127.0.0.1. */
async function servePage(scripts: {
  client: Uint8Array
  webhooks: Uint8Array
}): Promise<{ origin: string; server: Server }> {
  const html = `<!doctype html><meta charset="utf-8"><title>darkroom client</title>
<script type="module">import * as darkroom from '/client.js'; window.darkroom = darkroom
import * as webhooks from '/webhooks.js'; window.darkroomWebhooks = webhooks</script>`
  const server = createServer((request, response) => {
    const script = { '/client.js': scripts.client, '/webhooks.js': scripts.webhooks }[
      request.url ?? ''
    ]
    if (script) {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(script)
    } else {
      response.writeHead(200, { 'content-type': 'text/html' }).end(html)
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

describe('remote client in headless Chromium', () => {
  let browser: Browser
  let page: Awaited<ReturnType<typeof servePage>>
  let gw: Awaited<ReturnType<typeof startGateway>>
  let pumping = true
  let pump: Promise<void> = Promise.resolve()

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `No Chromium at ${CHROMIUM}: install Debian's (apt-get install chromium; .ci/run does) or set CHROMIUM_PATH.`,
      )
    }
    const [client, webhooks] = await Promise.all([
      bundle('../src/index.ts'),
      bundle('../src/webhooks/index.ts'),
    ])
    page = await servePage({ client: client.code, webhooks: webhooks.code })
    gw = await startGateway({ corsOrigins: page.origin, images: true })
    // 500 ms of gateway time every ~5 ms of real time.
    pump = (async () => {
      while (pumping) {
        await gw.clock.advance(500)
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
    })()
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS })
  }, 60_000)

  /** A fresh tab on the page, once its module script has loaded both entries. */
  async function openPage() {
    const context = await browser.newContext()
    const tab = await context.newPage()
    const problems: string[] = []
    tab.on('pageerror', (error) => problems.push(String(error)))
    await tab.goto(`${page.origin}/`)
    await tab.waitForFunction(() => 'darkroom' in window && 'darkroomWebhooks' in window)
    return { context, tab, problems }
  }

  afterAll(async () => {
    pumping = false
    await pump
    await browser?.close()
    await gw?.close()
    page?.server.close()
  })

  it('creates a job through the gateway (CORS), waits for it, and runs one in one call', async () => {
    const { context, tab, problems } = await openPage()
    const started = Date.now()
    const result = await tab.evaluate(async (baseUrl) => {
      // Loaded by the page's module script; `import()` here would be rewritten by Vite.
      const { createClient } = (window as unknown as { darkroom: typeof import('../src/index.js') })
        .darkroom
      const client = createClient({ baseUrl, apiKey: 'demo' })
      const providers = await client.providers.list()
      const job = await client.jobs.create({
        provider: 'speedpix',
        operation: 'txt2img',
        input: { prompt: 'a paper boat', width: 256, height: 256 },
      })
      const states: string[] = []
      const done = await client.jobs.wait(job.id, {
        timeoutMs: 30_000,
        onUpdate: (update) => states.push(update.state),
      })
      const image = await client.jobs.image(done.id, 0)
      // The one-call form: submit and wait, then every image.
      const runStates: string[] = []
      const ran = await client.run(
        {
          provider: 'speedpix',
          operation: 'txt2img',
          input: { prompt: 'a paper crane', width: 256, height: 256, count: 2 },
        },
        { timeoutMs: 30_000, onUpdate: (update) => runStates.push(update.state) },
      )
      const all = await client.jobs.images(ran.id)
      const wrongKey = await createClient({ baseUrl, apiKey: 'wrong' })
        .providers.list()
        .catch((error: { name: string; status: number; code: string }) => error)
      if (Array.isArray(wrongKey)) throw new Error('a wrong key was accepted')
      return {
        origin: location.origin,
        providers: providers.map((p) => p.id),
        states,
        done,
        image: { mimeType: image.mimeType, png: String.fromCharCode(...image.bytes.slice(1, 4)) },
        run: {
          state: ran.state,
          last: runStates.at(-1),
          refs: ran.images.length,
          images: all.map((one) => one.mimeType),
        },
        wrongKey: { name: wrongKey.name, status: wrongKey.status, code: wrongKey.code },
      }
    }, gw.url)
    const elapsed = Date.now() - started
    await context.close()

    expect(problems).toEqual([])
    expect(result.origin).not.toBe(new URL(gw.url).origin)
    expect(result.providers).toEqual(['aicontent', 'speedpix', 'aidge'])
    expect(result.done.state).toBe('succeeded')
    expect(result.states.at(-1)).toBe('succeeded')
    expect(result.image).toEqual({ mimeType: 'image/png', png: 'PNG' })
    expect(result.run).toEqual({
      state: 'succeeded',
      last: 'succeeded',
      refs: 2,
      images: ['image/png', 'image/png'],
    })
    expect(result.wrongKey).toEqual({ name: 'DarkroomApiError', status: 401, code: 'unauthorized' })
    // Cross-origin for real: preflights were answered, and the watch streamed (no polling).
    const paths = gw.logs.map((entry) => `${entry.method} ${entry.path} ${entry.status}`)
    expect(paths.some((line) => /^OPTIONS \/v1\/jobs /.test(line))).toBe(true)
    expect(paths.some((line) => /^GET \/v1\/jobs\/[^/]+\/events 200$/.test(line))).toBe(true)
    // One GET of a job, `jobs.images` reading its snapshot; the watches never polled.
    expect(paths.filter((line) => /^GET \/v1\/jobs\/[^/]+ /.test(line))).toHaveLength(1)
    expect(elapsed).toBeLessThan(10_000)
  }, 60_000)

  it('uploads a Blob drawn on a canvas, and shows it and a job image in <img> with no key', async () => {
    const { context, tab, problems } = await openPage()
    const result = await tab.evaluate(async (baseUrl) => {
      const { createClient } = (window as unknown as { darkroom: typeof import('../src/index.js') })
        .darkroom
      const client = createClient({ baseUrl, apiKey: 'demo' })
      const canvas = document.createElement('canvas')
      canvas.width = 8
      canvas.height = 8
      const blob = await new Promise<Blob>((resolve) =>
        canvas.toBlob((b) => resolve(b as Blob), 'image/png'),
      )
      const upload = await client.uploads.create(blob)
      // An <img> sends no Authorization header: the signed URL alone must do.
      const shown = (src: string) =>
        new Promise<number>((resolve, reject) => {
          const img = new Image()
          img.onload = () => resolve(img.naturalWidth)
          img.onerror = () => reject(new Error(`no image at ${src}`))
          img.src = src
        })
      const uploadWidth = await shown(upload.url)
      const job = await client.run(
        {
          provider: 'speedpix',
          operation: 'img2img',
          input: { prompt: 'the same, at dusk', imageUrls: [upload.url], width: 256, height: 256 },
        },
        { timeoutMs: 30_000 },
      )
      const jobWidth = await shown(job.images[0]?.url as string)
      return {
        upload: { ...upload, url: upload.url.split('?')[0] ?? '' },
        size: blob.size,
        uploadWidth,
        jobWidth,
        state: job.state,
      }
    }, gw.url)
    await context.close()
    expect(problems).toEqual([])
    expect(result.upload).toMatchObject({ contentType: 'image/png', size: result.size })
    expect(result.upload.url.startsWith(`${gw.url}/v1/uploads/`)).toBe(true)
    expect(result.uploadWidth).toBe(8)
    expect(result.state).toBe('succeeded')
    expect(result.jobWidth).toBeGreaterThan(0)
  }, 60_000)

  it('verifies a standardwebhooks delivery with verifyWebhook, and refuses a tampered one', async () => {
    const { context, tab, problems } = await openPage()
    // Signed now: the page checks the timestamp against the browser's own clock.
    const delivery = signed(JSON.stringify(sampleEvent()), { atMs: Date.now() })
    const result = await tab.evaluate(
      async ({ delivery, secret }) => {
        const { verifyWebhook, WebhookVerificationError } = (
          window as unknown as { darkroomWebhooks: typeof import('../src/webhooks/index.js') }
        ).darkroomWebhooks
        const request = new Request('https://receiver.example/hook', {
          method: 'POST',
          ...delivery,
        })
        const event = await verifyWebhook(request, secret)
        const tampered = { ...delivery, body: delivery.body.replace('task-81', 'task-18') }
        const refused = await verifyWebhook(tampered, secret).catch((error: unknown) =>
          WebhookVerificationError.isInstance(error) ? error.reason : String(error),
        )
        return { type: event.type, job: event.data.id, refused }
      },
      { delivery, secret: DEMO_SECRET },
    )
    await context.close()
    expect(problems).toEqual([])
    expect(result).toEqual({ type: 'job.succeeded', job: 'job_4f2a', refused: 'bad-signature' })
  }, 60_000)
})
