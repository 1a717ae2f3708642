import { chmodSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { MIGRATIONS } from '../sql/migrations.js'
import { StoreError } from '../sql/store-error.js'
import { sampleJob } from '../testing/jobs.js'
import { tempDir } from '../testing/temp-dir.js'
import { openSqliteStore } from './open-sqlite-store.js'

const mode = (path: string) => statSync(path).mode & 0o777

describe('openSqliteStore', () => {
  it('creates a private directory and file, in WAL mode, with the schema', async () => {
    const dir = join(tempDir(), 'state', 'darkroom')
    const path = join(dir, 'jobs.db')
    const store = await openSqliteStore(path)
    await store.insert(sampleJob(1))
    expect(mode(dir)).toBe(0o700)
    expect(mode(path)).toBe(0o600)
    // SQLite gives its side files the database file's mode.
    expect(mode(`${path}-wal`)).toBe(0o600)
    const side = new Database(path, { readonly: true })
    expect(side.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(side.prepare('SELECT max(version) AS v FROM darkroom_schema').get()).toEqual({
      v: MIGRATIONS.length,
    })
    side.close()
    await store.close()
  })

  it('keeps its jobs across a re-open, and leaves an existing file’s mode alone', async () => {
    const path = join(tempDir(), 'jobs.db')
    writeFileSync(path, '')
    chmodSync(path, 0o640)
    const first = await openSqliteStore(path)
    await first.insert(sampleJob(1))
    await first.close()
    const again = await openSqliteStore(path)
    expect(await again.get(sampleJob(1).key)).toEqual(sampleJob(1))
    expect(mode(path)).toBe(0o640)
    await again.close()
  })

  it('names the absolute path of a relative one', async () => {
    const path = join(tempDir(), 'jobs.db')
    const store = await openSqliteStore(relative(process.cwd(), path))
    expect(store.location).toBe(path)
    await store.close()
  })

  it('holds an exclusive file alone: a second gateway fails at once, and can open it after', async () => {
    const path = join(tempDir(), 'jobs.db')
    const gateway = await openSqliteStore(path, { exclusive: true })
    await gateway.insert(sampleJob(1))
    for (const exclusive of [true, false]) {
      const error = await openSqliteStore(path, { exclusive, busyTimeoutMs: 0 }).catch((e) => e)
      expect(StoreError.isInstance(error) && error.reason).toBe('locked')
      expect(error.path).toBe(path)
      expect(error.message).toMatch(
        exclusive
          ? `The job store is in use by another Darkroom gateway (${path}).`
          : /is locked by another process: a Darkroom gateway holds its file alone/,
      )
    }
    await gateway.close()
    const next = await openSqliteStore(path, { exclusive: true })
    expect(await next.get(sampleJob(1).key)).toEqual(sampleJob(1))
    await next.close()
  })

  it('lets several connections share a file that is not exclusive', async () => {
    const path = join(tempDir(), 'jobs.db')
    const a = await openSqliteStore(path)
    const b = await openSqliteStore(path)
    await a.insert(sampleJob(1))
    await b.update(sampleJob(1).key, { polls: 2 })
    expect((await a.get(sampleJob(1).key))?.polls).toBe(2)
    await a.close()
    await b.close()
  })

  it('refuses a path that cannot be one and a busy timeout that cannot be', async () => {
    await expect(openSqliteStore('  ')).rejects.toThrow(/needs the path of the store file/)
    const path = join(tempDir(), 'jobs.db')
    await expect(openSqliteStore(path, { busyTimeoutMs: -1 })).rejects.toThrow(
      /busyTimeoutMs must be a whole number of milliseconds, at least 0 \(got -1\)/,
    )
  })
})
