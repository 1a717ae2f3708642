import { describe, expect, it } from 'vitest'
import { gatewayApp } from '../../../../packages/client/test/gateway-app.js'
import { cliHarness } from '../../test/cli-harness.js'
import { openHistory } from '../history/open-history.js'
import { EXIT } from './exit-codes.js'

const BOB = 'bob-secret-0000000000'
const API = ['--api', 'http://127.0.0.1:8787']

/** The command against a real gateway (apps/api's app, in process, jobs in a memory store). */
const harness = () =>
  cliHarness({
    gateway: (clock) => gatewayApp({ clock, durable: true, apiKeys: `bob:${BOB}` }).fetch,
  })

type Harness = Awaited<ReturnType<typeof harness>>

async function submit(
  h: Harness,
  key: string,
  provider: string,
  operation: string,
  extra: string[],
) {
  const argv = [...API, '--key', key, '--json', 'submit', '--provider', provider]
  expect(await h.run(...argv, '--operation', operation, ...extra), h.err.join('\n')).toBe(EXIT.ok)
  // A second apart, so "newest first" has one answer.
  await h.clock.advance(1_000)
  return JSON.parse(h.out.pop() as string) as { id: string }
}

describe('darkroom list --api', () => {
  it("pages the key's gateway jobs newest first, filters them, never another key's", async () => {
    const h = await harness()
    const slow = ['--prompt', 'a kite [[duration:600]]']
    const a = await submit(h, 'demo', 'speedpix', 'txt2img', slow)
    // Followed to its end, so one job is not running.
    const b = await submit(h, 'demo', 'aidge', 'virtual-model', [
      '--image-url',
      'https://example.com/a.png',
      '--input',
      '{"model":"WHITE"}',
      '--wait',
    ])
    const c = await submit(h, 'demo', 'speedpix', 'txt2img', slow)
    await submit(h, BOB, 'speedpix', 'txt2img', slow)

    expect(await h.run(...API, '--key', 'demo', 'list', '--json', '--limit', '2')).toBe(EXIT.ok)
    const first = JSON.parse(h.out.pop() as string)
    expect(first.jobs.map((j: { id: string }) => j.id)).toEqual([c.id, b.id])
    expect(first.nextCursor).toEqual(expect.any(String))
    expect(
      await h.run(...API, '--key', 'demo', '--json', 'list', '--cursor', first.nextCursor),
    ).toBe(EXIT.ok)
    const second = JSON.parse(h.out.pop() as string)
    expect([second.jobs.map((j: { id: string }) => j.id), second.nextCursor]).toEqual([
      [a.id],
      null,
    ])

    expect(await h.run(...API, '--key', 'demo', '--json', 'list', '--provider', 'aidge')).toBe(0)
    expect(JSON.parse(h.out.pop() as string).jobs.map((j: { id: string }) => j.id)).toEqual([b.id])
    expect(await h.run(...API, '--key', 'demo', '--json', 'list', '--state', 'succeeded')).toBe(0)
    expect(JSON.parse(h.out.pop() as string).jobs.map((j: { id: string }) => j.id)).toEqual([b.id])
    expect(await h.run(...API, '--key', 'demo', '--json', 'list', '--state', 'canceled')).toBe(0)
    expect(JSON.parse(h.out.pop() as string)).toEqual({ jobs: [], nextCursor: null })
  })

  it('prints one line per job and the next cursor, and keeps the jobs in the history', async () => {
    const h = await harness()
    const job = await submit(h, BOB, 'speedpix', 'txt2img', ['--prompt', 'x [[duration:600]]'])
    await submit(h, BOB, 'speedpix', 'txt2img', ['--prompt', 'y [[duration:600]]'])
    expect(await h.run(...API, '--key', BOB, 'list', '--limit', '1')).toBe(EXIT.ok)
    const [row, next] = h.out.splice(-2)
    expect(row).toMatch(/^\d{4}-\d\d-\d\dT\S+ {2}\S+ {2}speedpix\/txt2img {2}(queued|running)/)
    expect(next).toMatch(/^next page: darkroom list --api … --cursor \S+$/)
    const cursor = (next as string).split(' ').pop() as string
    expect(await h.run(...API, '--key', BOB, 'list', '--cursor', cursor)).toBe(EXIT.ok)
    expect(h.out.pop()).toContain(`  ${job.id}`)
    expect(await h.run(...API, '--key', 'demo', 'list')).toBe(EXIT.ok)
    expect(h.out.pop()).toBe('No jobs of this API key on the gateway match.')
    const history = await openHistory({ DARKROOM_STATE_DIR: h.dir }, () => undefined)
    const kept = history.book.inScope('api:http://127.0.0.1:8787').map((e) => e.job.id)
    await history.close()
    expect(kept).toContain(job.id)
  })

  it('refuses bad flags, and gateway-only flags without --api, saying what to do', async () => {
    const cases: [string[], RegExp][] = [
      [[...API, '--key', 'demo', 'list', '--limit', 'ten'], /--limit must be a whole number/],
      [[...API, '--key', 'demo', 'list', '--limit', '500'], /limit/],
      [[...API, '--key', 'demo', 'list', '--state', 'done'], /Allowed choices are queued, running/],
      [[...API, '--key', 'demo', 'list', '--provider', 'nope'], /Allowed choices are aicontent/],
      [[...API, '--key', 'demo', 'list', '--cursor', 'garbage'], /cursor/],
      [
        ['list', '--state', 'running', '--limit', '3'],
        /--state, --limit page through a gateway's job list, so they need --api URL/,
      ],
    ]
    for (const [argv, message] of cases) {
      const h = await harness()
      expect(await h.run(...argv), argv.join(' ')).toBe(EXIT.badInput)
      expect(h.err.join('\n'), argv.join(' ')).toMatch(message)
    }
  })
})
