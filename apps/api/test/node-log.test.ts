import { describe, expect, it } from 'vitest'
import { createStdoutLog } from '../src/runtimes/node-log.js'

const turn = () => new Promise((resolve) => setImmediate(resolve))

describe('createStdoutLog', () => {
  it('writes the lines of one turn in one write, one JSON line per entry', async () => {
    const writes: string[] = []
    const sink = createStdoutLog((text) => writes.push(text))
    sink.log({ level: 'info', path: '/v1/jobs/a', status: 200 })
    sink.log({ level: 'info', path: '/v1/jobs/b', status: 404 })
    expect(writes).toEqual([])
    await turn()
    expect(writes).toHaveLength(1)
    expect(
      writes[0]
        ?.split('\n')
        .slice(0, -1)
        .map((line) => JSON.parse(line)),
    ).toEqual([
      { level: 'info', path: '/v1/jobs/a', status: 200 },
      { level: 'info', path: '/v1/jobs/b', status: 404 },
    ])
    sink.log({ level: 'warn', key: null })
    await turn()
    expect(writes[1]).toBe('{"level":"warn","key":null}\n')
  })

  it('writes what it holds when flushed, and nothing twice', async () => {
    const writes: string[] = []
    const sink = createStdoutLog((text) => writes.push(text))
    sink.log({ level: 'info', status: 200 })
    sink.flush()
    expect(writes).toEqual(['{"level":"info","status":200}\n'])
    await turn()
    sink.flush()
    expect(writes).toHaveLength(1)
  })
})
