import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { StoreError } from '../sql/store-error.js'
import { openInChild, startChild } from '../testing/children.js'
import { tempDir } from '../testing/temp-dir.js'
import { openSqliteStore } from './open-sqlite-store.js'

// Each child starts Node with tsx (a second or more on a loaded machine): room beyond the default.
describe('the store across processes', { timeout: 120_000 }, () => {
  it('loses no job when several processes create and write one file at once', async () => {
    const path = join(tempDir(), 'state', 'history.db')
    const count = 60
    const children = ['a', 'b', 'c', 'd'].map((prefix) =>
      startChild(['insert', path, prefix, String(count)]),
    )
    // Every child is loaded and waiting before any opens, so the opens (and the migration of
    // the new file) and the writes overlap.
    for (const child of children) expect(await child.line()).toBe('ready')
    for (const child of children) child.process.stdin?.write('go\n')
    for (const child of children) {
      expect(await child.line()).toBe('done')
      expect(await child.exited).toBe(0)
    }
    const store = await openSqliteStore(path)
    for (const owner of ['a', 'b', 'c', 'd']) {
      const page = await store.list({ owner, limit: 1000 })
      expect(page.jobs.length).toBe(count)
      expect(page.jobs.every((job) => job.polls === 1)).toBe(true)
    }
    await store.close()
  })

  it('releases a gateway’s lock when its process dies', async () => {
    const path = join(tempDir(), 'jobs.db')
    const gateway = startChild(['hold', path])
    expect(await gateway.line()).toBe('held')
    const refused = await openSqliteStore(path, { exclusive: true }).catch((e: unknown) => e)
    expect(StoreError.isInstance(refused) && refused.reason).toBe('locked')
    expect(String(refused)).toContain(`in use by another Darkroom gateway (${path})`)
    gateway.process.kill('SIGKILL')
    expect(await gateway.exited).toBeNull()
    const next = await openSqliteStore(path, { exclusive: true })
    expect(await next.unfinished()).toEqual([])
    await next.close()
  })

  it('refuses a gateway in another process while this one holds the file', async () => {
    const path = join(tempDir(), 'jobs.db')
    const gateway = await openSqliteStore(path, { exclusive: true })
    const result = await openInChild(path, { exclusive: true })
    expect(result).toMatchObject({ ok: false, reason: 'locked' })
    expect(result.message).toContain(`in use by another Darkroom gateway (${path})`)
    await gateway.close()
    expect(await openInChild(path, { exclusive: true })).toEqual({ ok: true })
  })
})
