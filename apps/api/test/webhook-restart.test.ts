import type { ChildProcess } from 'node:child_process'
import { createSpeedpixEmulator } from '@darkroom/emulator'
import { type ServedApp, serveApp } from '@darkroom/emulator/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_WEBHOOK_SECRET } from '../src/config-webhooks.js'
import { type ChildGateway, startChild, stopChild, tempDataDir } from './child-gateway.js'
import { type Receiver, startReceiver } from './webhook-receiver.js'

// The real Node gateway as a child process (as in restart.test.ts), killed once its first
// delivery attempt reached the receiver: the next start sends the delivery again from the
// store, with the same webhook-id. Real time: the first retry is due 5 s after a failure.
const ENTRY = ['--conditions=@darkroom/source', '--import', 'tsx', 'src/runtimes/node.ts']
const KEY = 'webhook-restart-key-0123'
const auth = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }

/** Resolves once `ready()` holds, checking every 50 ms, or rejects after `ms`. */
async function until(ready: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe('a Node gateway killed with a delivery pending', () => {
  const emulator = createSpeedpixEmulator({ seed: 9, queueWait: { kind: 'fixed', ms: 0 } })
  let served: ServedApp
  const children: ChildProcess[] = []
  const data = tempDataDir()
  let hook: Receiver
  beforeAll(async () => {
    served = await serveApp(emulator.app, { port: 0 })
    hook = await startReceiver((n) => (n === 0 ? 503 : 204))
  })
  afterEach(async () => {
    await Promise.all(children.splice(0).map((child) => stopChild(child, 'SIGKILL')))
  })
  afterAll(async () => {
    await Promise.all([served.close(), hook.close()])
    data.remove()
  })
  const start = (): Promise<ChildGateway> =>
    startChild(process.execPath, ENTRY, children, {
      DARKROOM_DATA_DIR: data.dir,
      DARKROOM_API_KEYS: `ci:${KEY}`,
      DARKROOM_TOKEN_SECRET: 'webhook-restart-token-secret-0123456789ab',
      DARKROOM_WEBHOOK_SECRETS: `ci:${DEMO_WEBHOOK_SECRET}`,
      SPEEDPIX_APP_KEY: emulator.credentials.appKey,
      SPEEDPIX_APP_SECRET: emulator.credentials.appSecret,
      SPEEDPIX_BASE_URL: served.url,
    })

  it('resumes it after the restart, with the same webhook-id', async () => {
    const first = await start()
    const created = await fetch(`${first.url}/v1/jobs`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        provider: 'speedpix',
        operation: 'txt2img',
        input: { prompt: 'a lighthouse [[duration:2]]' },
        webhook: { url: hook.url },
      }),
    })
    expect(created.status).toBe(202)
    const job = (await created.json()) as { id: string }
    await until(() => hook.received.length >= 1, 20_000, 'the first attempt')
    await stopChild(first.child, 'SIGKILL')
    const second = await start()
    await until(() => hook.received.length >= 2, 20_000, 'the attempt after the restart')
    const [before, after] = hook.received
    expect(after?.headers['webhook-id']).toBe(before?.headers['webhook-id'])
    expect(JSON.parse(after?.body ?? '{}')).toMatchObject({
      type: 'job.succeeded',
      data: { id: job.id },
    })
    const read = await fetch(`${second.url}/v1/jobs/${job.id}/deliveries`, { headers: auth })
    const { deliveries } = await read.json()
    expect(deliveries).toHaveLength(1)
    expect(deliveries[0].id).toBe(before?.headers['webhook-id'])
  }, 60_000)
})
