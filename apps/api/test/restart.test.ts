import type { ChildProcess } from 'node:child_process'
import { type Job, JobSchema } from '@darkroom/core'
import { createSpeedpixEmulator } from '@darkroom/emulator'
import { type ServedApp, serveApp } from '@darkroom/emulator/node'
import * as v from 'valibot'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type ChildGateway, startChild, stopChild, tempDataDir } from './child-gateway.js'
import { readSse } from './helpers.js'

// The real Node gateway (`pnpm start:api`) as a child process on a store file, in live mode
// against a speedpix emulator this test serves on loopback: the emulator outlives the gateway,
// as a provider would. Real time, since a child process runs on the wall clock: the job runs
// 3 s ([[duration:3]]) with no queue wait.
// `pnpm start:api`'s entry under node itself, not the tsx CLI: a SIGKILL must hit the gateway,
// not a wrapper that would leave it running (and holding the store).
const ENTRY = ['--conditions=@darkroom/source', '--import', 'tsx', 'src/runtimes/node.ts']
const KEY = 'restart-key-0123456789'
const auth = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }

describe('a Node gateway stopped mid-job and started again on the same store', () => {
  const emulator = createSpeedpixEmulator({ seed: 5, queueWait: { kind: 'fixed', ms: 0 } })
  let served: ServedApp
  const children: ChildProcess[] = []
  const dirs: (() => void)[] = []
  beforeAll(async () => {
    served = await serveApp(emulator.app, { port: 0 })
  })
  afterAll(() => served.close())
  afterEach(async () => {
    await Promise.all(children.splice(0).map((child) => stopChild(child, 'SIGKILL')))
    for (const remove of dirs.splice(0)) remove()
  })
  const dataDir = () => {
    const data = tempDataDir()
    dirs.push(data.remove)
    return data.dir
  }
  const start = (dir: string, env: Record<string, string> = {}): Promise<ChildGateway> =>
    startChild(process.execPath, ENTRY, children, {
      ...env,
      DARKROOM_DATA_DIR: dir,
      DARKROOM_API_KEYS: `ci:${KEY}`,
      DARKROOM_TOKEN_SECRET: 'restart-test-token-secret-0123456789abcdef',
      SPEEDPIX_APP_KEY: emulator.credentials.appKey,
      SPEEDPIX_APP_SECRET: emulator.credentials.appSecret,
      SPEEDPIX_BASE_URL: served.url,
    })
  const submit = async (gateway: ChildGateway): Promise<Job> => {
    const created = await fetch(`${gateway.url}/v1/jobs`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        provider: 'speedpix',
        operation: 'txt2img',
        input: { prompt: 'a lighthouse [[duration:3]]' },
      }),
    })
    expect(created.status).toBe(202)
    return v.parse(JobSchema, await created.json())
  }
  /** Follows the job's events to the end, then reads it: both must say succeeded. */
  const finish = async (gateway: ChildGateway, job: Job) => {
    const stream = await fetch(`${gateway.url}/v1/jobs/${job.id}/events`, { headers: auth })
    const { events } = await readSse(stream)
    expect(events.at(-1)?.event).toBe('job')
    expect(JSON.parse(events.at(-1)?.data ?? '{}')).toMatchObject({ state: 'succeeded' })
    const read = await fetch(`${gateway.url}/v1/jobs/${job.id}`, { headers: auth })
    expect(await read.json()).toMatchObject({ id: job.id, state: 'succeeded' })
  }

  it.each(['SIGKILL', 'SIGTERM'] as const)(
    'after %s resumes the job and reads it back succeeded',
    async (signal) => {
      const dir = dataDir()
      const first = await start(dir)
      const job = await submit(first)
      expect(job.state).not.toBe('succeeded')
      // A crash (SIGKILL) or a graceful stop (SIGTERM) right after the 202: the row is there.
      await stopChild(first.child, signal)
      if (signal === 'SIGTERM') expect(first.child.exitCode).toBe(0)
      const second = await start(dir)
      expect(second.output()).toContain('resumed 1 unfinished job(s)')
      await finish(second, job)
    },
    60_000,
  )

  /** POST /v1/jobs of the lighthouse job under `key`. */
  const keyed = (gateway: ChildGateway, key: string) =>
    fetch(`${gateway.url}/v1/jobs`, {
      method: 'POST',
      headers: { ...auth, 'idempotency-key': key },
      body: JSON.stringify({
        provider: 'speedpix',
        operation: 'txt2img',
        input: { prompt: 'a lighthouse [[duration:3]]' },
      }),
    })

  it('recovers a keyed job after a crash between its journaled answer and its insert', async () => {
    const dir = dataDir()
    const first = await start(dir, { DARKROOM_TEST_CRASH_AT: 'after-journal' })
    const exited = new Promise((resolve) => first.child.once('exit', resolve))
    // The process dies mid-request (SIGKILL by the test hook): no answer at all.
    await expect(keyed(first, 'crash-after-journal')).rejects.toThrow()
    expect(await exited).toBeNull()
    const second = await start(dir)
    expect(second.output()).toContain('resumed 1 unfinished job(s)')
    const replay = await keyed(second, 'crash-after-journal')
    expect(replay.status).toBe(200)
    expect(replay.headers.get('idempotent-replayed')).toBe('true')
    await finish(second, v.parse(JobSchema, await replay.json()))
  }, 60_000)

  it('answers submit_outcome_unknown for a key whose answer a crash lost before its journal', async () => {
    const dir = dataDir()
    const first = await start(dir, { DARKROOM_TEST_CRASH_AT: 'before-journal' })
    await expect(keyed(first, 'crash-before-journal')).rejects.toThrow()
    const second = await start(dir)
    expect(second.output()).not.toContain('resumed')
    const again = await keyed(second, 'crash-before-journal')
    expect(again.status).toBe(502)
    expect(await again.json()).toMatchObject({ code: 'submit_outcome_unknown', retryable: false })
  }, 60_000)

  it('takes a job id minted before its store existed, recording it on first read', async () => {
    const first = await start(dataDir())
    const job = await submit(first)
    await stopChild(first.child, 'SIGKILL')
    // Another, empty store with the same token secret: the token still works.
    const second = await start(dataDir())
    expect(second.output()).not.toContain('resumed')
    await finish(second, job)
  }, 60_000)
})
