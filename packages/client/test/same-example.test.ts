import { readFileSync } from 'node:fs'
import { JobSchema, VirtualClock } from '@darkroom/core'
import * as v from 'valibot'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDirectClient } from '../src/direct.js'
import { createClient, type DarkroomClient, type Job } from '../src/index.js'
import { emulatedProviders } from './direct-emulators.js'
import { drive } from './gateway-app.js'
import { startGateway } from './helpers.js'
import { readmeExample } from './readme-example.js'

/** Each field's type, `null` kept apart, recursing into images and error. */
function shape(value: unknown): unknown {
  if (value === null) return 'null'
  if (Array.isArray(value)) return value.map(shape)
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => [k, shape(v)]),
    )
  }
  return typeof value
}

/** Same keys everywhere; same type wherever both sides have a value (either may be null). */
function expectSameShape(a: unknown, b: unknown, path = 'job'): void {
  if (a === 'null' || b === 'null') return
  if (typeof a === 'string' || typeof b === 'string') {
    expect(a, path).toBe(b)
    return
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    expect(a.length, `${path}.length`).toBe(b.length)
    for (const [i, item] of a.entries()) expectSameShape(item, b[i], `${path}.${i}`)
    return
  }
  const ka = Object.keys(a as object)
  expect(ka, `${path} keys`).toEqual(Object.keys(b as object))
  for (const key of ka)
    expectSameShape(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      `${path}.${key}`,
    )
}

async function run(client: DarkroomClient, clock: VirtualClock) {
  const updates: Job[] = []
  const lines: string[] = []
  const providers = await drive(clock, client.providers.list())
  const { job, done } = await drive(
    clock,
    readmeExample(
      {
        ...client,
        jobs: {
          ...client.jobs,
          wait: (id, options) =>
            client.jobs.wait(id, {
              ...options,
              onUpdate: (update) => {
                updates.push(update)
                options?.onUpdate?.(update)
              },
            }),
        },
      },
      (...args) => lines.push(args.join(' ')),
    ),
  )
  return { providers, job, done, updates, lines }
}

describe('the README example runs unchanged on both transports, with the same Job shapes', () => {
  let gw: Awaited<ReturnType<typeof startGateway>>
  beforeAll(async () => {
    gw = await startGateway()
  })
  afterAll(() => gw.close())

  it('gateway over HTTP and direct providers agree', async () => {
    const remote = await run(
      createClient({ baseUrl: gw.url, apiKey: 'demo', clock: gw.clock }),
      gw.clock,
    )
    const clock = new VirtualClock()
    const direct = await run(createDirectClient(emulatedProviders(clock)), clock)

    for (const side of [remote, direct]) {
      expect(v.is(JobSchema, side.job)).toBe(true)
      expect(v.is(JobSchema, side.done)).toBe(true)
      expect(side.done.state).toBe('succeeded')
      expect(side.updates.at(-1)).toEqual(side.done)
      expect(side.lines.at(-1)).toMatch(/^image\/png, \d+ bytes$/)
      const states = side.updates.map((j) => j.state)
      expect(states.filter((s) => s !== 'queued' && s !== 'running')).toEqual(['succeeded'])
    }
    expect(remote.providers).toEqual(direct.providers)
    expectSameShape(shape(remote.job), shape(direct.job))
    expectSameShape(shape(remote.done), shape(direct.done))
    expect(Object.keys(remote.done).sort()).toEqual(Object.keys(direct.done).sort())
    expect(remote.done.images).toHaveLength(direct.done.images.length)
    expect(remote.job.id.startsWith('drj1.')).toBe(false) // a signed gateway token
    expect(direct.job.id.startsWith('drj1.')).toBe(true) // core's encoded handle
  })

  it('the README shows exactly this example', () => {
    const source = readFileSync(new URL('./readme-example.ts', import.meta.url), 'utf8')
    const body = /\/\/ example:start\n([\s\S]*?)\s*\/\/ example:end/.exec(source)?.[1] ?? ''
    const dedent = (text: string) =>
      text
        .split('\n')
        .map((line) => line.replace(/^ {2}/, ''))
        .join('\n')
        .trim()
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    expect(body.length).toBeGreaterThan(100)
    expect(readme).toContain(dedent(body).replaceAll('log(', 'console.log('))
  })
})
