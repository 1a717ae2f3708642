// The README's local webhook receiver (scripts/webhook-receiver.ts) in a child process, sent
// deliveries signed by the reference `standardwebhooks` package, as a gateway signs them.
import { type ChildProcess, spawnSync } from 'node:child_process'
import { Webhook } from 'standardwebhooks'
import { afterEach, describe, expect, it } from 'vitest'
import { sampleJob } from '../../../packages/core/src/testing/stored-jobs.js'
import { type ChildGateway, startChild, stopChild } from './child-gateway.js'

const DEMO_SECRET = 'whsec_ZGFya3Jvb20gZGVtbyB3ZWJob29rIHNlY3JldCAzMmI='
const OWN_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const SCRIPT = ['--conditions=@darkroom/source', '--import', 'tsx', 'scripts/webhook-receiver.ts']

const children: ChildProcess[] = []
afterEach(async () => {
  await Promise.all(children.splice(0).map((child) => stopChild(child, 'SIGKILL')))
})

const receiver = (args: string[] = [], env: Record<string, string> = {}) =>
  startChild(process.execPath, [...SCRIPT, '--port', '0', ...args], children, env)

/** A `job.succeeded` delivery signed now (the receiver checks against its wall clock). */
function delivery(id: string, secret = DEMO_SECRET) {
  const job = sampleJob(3, { state: 'succeeded' }).snapshot
  const at = new Date()
  const body = JSON.stringify({ type: 'job.succeeded', timestamp: at.toISOString(), data: job })
  const headers = {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, body),
  }
  return { job, body, headers }
}

const post = (url: string, init: { body: string; headers: Record<string, string> }) =>
  fetch(url, { method: 'POST', ...init }).then((answer) => answer.status)

/** The delivery lines the child printed, once there are `count` (its output is read as it comes). */
function lines(child: ChildGateway, count: number): Promise<string[]> {
  const printed = () =>
    child
      .output()
      .split('\n')
      .filter((line) => line.startsWith('msg_'))
  return new Promise((resolve, reject) => {
    const check = () => {
      if (printed().length < count) return false
      child.child.stdout?.off('data', onData)
      child.child.off('exit', onExit)
      resolve(printed())
      return true
    }
    // Listened to after startChild's own listener, so output() already holds the chunk.
    const onData = () => check()
    const onExit = () => check() || reject(new Error(`exited with:\n${child.output()}`))
    if (check()) return
    child.child.stdout?.on('data', onData)
    child.child.once('exit', onExit)
  })
}

describe('pnpm webhook-receiver', () => {
  it('verifies a delivery both ways, prints one line and answers 204', async () => {
    const started = await receiver()
    const { url, output } = started
    expect(output()).toContain('(secret: the demo secret)')
    const sent = delivery('msg_ok1')
    expect(await post(url, sent)).toBe(204)
    expect(await lines(started, 1)).toEqual([
      `msg_ok1 attempt 1: job.succeeded job=${sent.job.id} state=succeeded verifyWebhook=ok standardwebhooks=ok -> 204`,
    ])
  })

  it('refuses a tampered body and another secret with 400, saying what each check found', async () => {
    const started = await receiver()
    const { url } = started
    const sent = delivery('msg_bad1')
    expect(await post(url, { ...sent, body: sent.body.replace('succeeded', 'failed') })).toBe(400)
    expect(await post(url, delivery('msg_bad2', OWN_SECRET))).toBe(400)
    const refused = await lines(started, 2)
    for (const [i, id] of ['msg_bad1', 'msg_bad2'].entries()) {
      expect(refused[i]).toBe(
        `${id} attempt 1: refused, verifyWebhook=bad-signature standardwebhooks="No matching signature found" -> 400`,
      )
    }
    expect(await fetch(url).then((answer) => answer.status)).toBe(405)
  })

  it('--fail 3 --once: 500 three times to one webhook-id, then 204 and exit 0', async () => {
    const started = await receiver(['--fail', '3', '--once'])
    const { url, child } = started
    const exited = new Promise((resolve) => child.once('exit', resolve))
    const sent = delivery('msg_retry')
    const statuses: number[] = []
    for (let attempt = 0; attempt < 4; attempt++) statuses.push(await post(url, sent))
    expect(statuses).toEqual([500, 500, 500, 204])
    expect(await exited).toBe(0)
    const printed = await lines(started, 4)
    expect(printed.map((line) => line.slice(0, line.indexOf(':')))).toEqual(
      [1, 2, 3, 4].map((n) => `msg_retry attempt ${n}`),
    )
    expect(printed[0]).toMatch(
      /verifyWebhook=ok standardwebhooks=ok \(--fail: 2 more to fail\) -> 500$/,
    )
    expect(printed[3]).toMatch(/-> 204$/)
  })

  it('takes DARKROOM_WEBHOOK_SECRET instead of the demo one, and never prints it', async () => {
    const started = await receiver([], { DARKROOM_WEBHOOK_SECRET: OWN_SECRET })
    const { url, output } = started
    expect(await post(url, delivery('msg_own', OWN_SECRET))).toBe(204)
    expect(await post(url, delivery('msg_demo'))).toBe(400)
    await lines(started, 2)
    expect(output()).toContain('(secret: DARKROOM_WEBHOOK_SECRET)')
    expect(output()).not.toContain(OWN_SECRET.slice('whsec_'.length))
  })

  it('says what is wrong with a bad flag, with exit code 2', () => {
    for (const args of [['--fail', 'three'], ['--verbose']]) {
      const run = spawnSync(process.execPath, [...SCRIPT, ...args], {
        cwd: new URL('..', import.meta.url),
        encoding: 'utf8',
      })
      expect(run.status, run.stderr).toBe(2)
      expect(run.stderr).toMatch(/^webhook-receiver: .*\n\nUsage: pnpm --silent webhook-receiver/)
    }
  })
})
