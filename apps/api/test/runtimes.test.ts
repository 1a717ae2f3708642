import { type ChildProcess, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { JobSchema } from '@darkroom/core'
import * as v from 'valibot'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { APP, startChild, stopChild, tempDataDir } from './child-gateway.js'

// `pnpm start:bun` and `pnpm start:deno` (the README's commands), started as package.json gives
// them (with PORT=0), checked over loopback, then stopped. The binaries come from the `bun` and
// `deno` devDependencies; where one cannot run here the test is skipped, saying why.
const { scripts } = JSON.parse(readFileSync(`${APP}package.json`, 'utf8')) as {
  scripts: Record<string, string>
}
const RUNTIMES = ['Bun', 'Deno'].map((name) => {
  const [bin = '', ...args] = (scripts[`start:${name.toLowerCase()}`] ?? '').split(' ')
  return { name, bin, args }
})

/** The runtime's binary from node_modules/.bin, or why it cannot be used. */
function binary(name: string): { path: string } | { missing: string } {
  const path = `${APP}node_modules/.bin/${name}`
  if (!existsSync(path)) return { missing: `${path} is not installed (pnpm install adds it)` }
  const probe = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 30_000 })
  if (probe.status !== 0) {
    return { missing: `${path} --version failed: ${(probe.stderr || String(probe.error)).trim()}` }
  }
  return { path }
}

const auth = { authorization: 'Bearer demo', 'content-type': 'application/json' }

/** Submits a speedpix txt2img job to the gateway at `url`. */
function submit(url: string, prompt: string): Promise<Response> {
  return fetch(`${url}/v1/jobs`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ provider: 'speedpix', operation: 'txt2img', input: { prompt } }),
  })
}

describe.each(RUNTIMES)('the gateway on $name', ({ name, bin, args }) => {
  const found = binary(bin)
  const children: ChildProcess[] = []
  afterEach(async () => {
    await Promise.all(children.splice(0).map((child) => stopChild(child)))
  })

  if ('missing' in found) {
    it.skip(`is not smoke-tested: ${found.missing}`, () => {})
    return
  }

  it('starts in demo mode, answers /healthz, takes a job and reads it back', async () => {
    const { url } = await startChild(found.path, args, children)

    const health = await fetch(`${url}/healthz`)
    expect(await health.json(), name).toMatchObject({ status: 'ok', mode: 'demo' })

    const created = await submit(url, 'a kite')
    expect(created.status).toBe(202)
    const job = v.parse(JobSchema, await created.json())
    const location = created.headers.get('location')
    expect(location).toBe(`/v1/jobs/${job.id}`)

    const read = await fetch(`${url}${location}`, { headers: auth })
    expect(read.status).toBe(200)
    const again = v.parse(JobSchema, await read.json())
    expect(again).toMatchObject({ id: job.id, provider: 'speedpix', operation: 'txt2img' })

    // Errors are rendered by the same onError on every runtime.
    const refused = await fetch(`${url}/v1/jobs`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ provider: 'speedpix', operation: 'txt2img', input: { prompt: 1 } }),
    })
    expect(refused.status).toBe(400)
    expect(await refused.json()).toMatchObject({
      code: 'invalid_input',
      errors: [{ path: 'prompt', message: 'must be a string' }],
    })
  }, 120_000)
})

describe('the gateway on Node (pnpm start:api)', () => {
  const children: ChildProcess[] = []
  const data = tempDataDir()
  afterEach(async () => {
    await Promise.all(children.splice(0).map((child) => stopChild(child)))
  })
  afterAll(() => data.remove())

  it('on SIGTERM ends an open event stream with `event: shutdown` and exits 0', async () => {
    const [bin = '', ...args] = (scripts.start ?? '').split(' ')
    const { url } = await startChild(`${APP}node_modules/.bin/${bin}`, args, children, {
      DARKROOM_DATA_DIR: data.dir,
    })
    const job = v.parse(JobSchema, await (await submit(url, 'a kite [[duration:600]]')).json())
    const stream = await fetch(`${url}/v1/jobs/${job.id}/events`, { headers: auth })
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader()
    const decoder = new TextDecoder()
    let text = ''
    while (!text.includes('event: job')) text += decoder.decode((await reader.read()).value)
    const child = children[0] as ChildProcess
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    for (;;) {
      const { value, done } = await reader.read()
      if (done) break
      text += decoder.decode(value)
    }
    expect(text).toMatch(/event: shutdown\ndata: \{"reason":"shutdown","lastEventId":"1"/)
    // The stream ended cleanly, so the exit comes well before the 5 s grace would force it.
    expect(await exited).toBe(0)
  }, 120_000)
})
