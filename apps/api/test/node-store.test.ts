import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { VirtualClock } from '@darkroom/core'
import { afterEach, describe, expect, it } from 'vitest'
import { type NodeGateway, startNodeGateway } from '../src/runtimes/node-server.js'
import {
  DEMO_STORE_FILE,
  GATEWAY_STORE_FILE,
  gatewayStorePath,
} from '../src/runtimes/node-store.js'
import { tempDataDir } from './child-gateway.js'

describe("the Node gateway's job store", () => {
  const cleanup: (() => unknown)[] = []
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step()
  })
  const dataDir = () => {
    const data = tempDataDir()
    cleanup.push(data.remove)
    return data.dir
  }
  const start = async (dir: string) => {
    const gateway = await startNodeGateway(
      { PORT: '0', HOST: '127.0.0.1', DARKROOM_DATA_DIR: dir },
      { clock: new VirtualClock() },
    )
    cleanup.push(() => gateway.close())
    return gateway
  }

  it('lives in DARKROOM_DATA_DIR, one file for live jobs and another for demo ones', async () => {
    const dir = dataDir()
    expect(gatewayStorePath({ DARKROOM_DATA_DIR: dir }, false)).toBe(join(dir, GATEWAY_STORE_FILE))
    expect(gatewayStorePath({ DARKROOM_DATA_DIR: dir }, true)).toBe(join(dir, DEMO_STORE_FILE))
    const gateway: NodeGateway = await start(dir)
    expect(gateway.storePath).toBe(join(dir, DEMO_STORE_FILE))
    // A SQLite file, kept when the gateway stops, and opened again by the next one.
    expect(readFileSync(gateway.storePath).subarray(0, 15).toString()).toBe('SQLite format 3')
    await gateway.close()
    expect((await start(dir)).storePath).toBe(gateway.storePath)
  })

  it('refuses a second gateway on the same file at once, naming the file', async () => {
    const dir = dataDir()
    const first = await start(dir)
    await expect(start(dir)).rejects.toThrow(
      new RegExp(`^Darkroom gateway not started: .*${first.storePath}.*Stop the other process`),
    )
    // The first one goes on.
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200)
  })

  it('refuses a corrupt file and a file of something else, naming the file, and leaves them as they are', async () => {
    const dir = dataDir()
    const path = join(dir, DEMO_STORE_FILE)
    writeFileSync(path, `SQLite format 3\u0000${'garbage '.repeat(600)}`)
    const before = readFileSync(path)
    await expect(start(dir)).rejects.toThrow(new RegExp(`^Darkroom gateway not started: .*${path}`))
    expect(readFileSync(path).equals(before)).toBe(true)

    const other = dataDir()
    const foreign = join(other, DEMO_STORE_FILE)
    writeFileSync(foreign, 'name,total\ninvoice-1,12.50\n')
    await expect(start(other)).rejects.toThrow(
      new RegExp(`^Darkroom gateway not started: .*${foreign}.*move it away`),
    )
    expect(readFileSync(foreign, 'utf8')).toBe('name,total\ninvoice-1,12.50\n')
  })
})
