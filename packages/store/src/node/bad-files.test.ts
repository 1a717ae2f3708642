import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { StoreError, type StoreErrorReason } from '../sql/store-error.js'
import { openInChild } from '../testing/children.js'
import { sampleJob } from '../testing/jobs.js'
import { tempDir } from '../testing/temp-dir.js'
import { openSqliteStore } from './open-sqlite-store.js'

async function refusal(path: string): Promise<StoreError> {
  const error = await openSqliteStore(path, { busyTimeoutMs: 0 }).then(
    () => new Error('expected the store to be refused'),
    (caught: unknown) => caught,
  )
  if (!StoreError.isInstance(error)) throw error
  return error
}

/** A real store with enough jobs to span many pages, closed (so it is one self-contained file). */
async function storeFile(dir: string): Promise<string> {
  const path = join(dir, 'jobs.db')
  const store = await openSqliteStore(path)
  for (let n = 0; n < 200; n++) {
    const job = sampleJob(n)
    await store.insert({ ...job, snapshot: { ...job.snapshot, message: 'x'.repeat(400) } })
  }
  await store.close()
  return path
}

function expectRefused(error: StoreError, path: string, reason: StoreErrorReason): void {
  expect(error.reason).toBe(reason)
  expect(error.path).toBe(path)
  expect(error.message).toContain(path)
}

describe('a file the store cannot use is refused, named, and left as it was', {
  timeout: 60_000,
}, () => {
  it('random bytes: not a store', async () => {
    const dir = tempDir()
    const path = join(dir, 'jobs.db')
    const bytes = randomBytes(8192)
    writeFileSync(path, bytes)
    const error = await refusal(path)
    expectRefused(error, path, 'not-a-store')
    expect(error.message).toMatch(/is not an SQLite database\. Darkroom left it as it is/)
    expect(readFileSync(path).equals(bytes)).toBe(true)
    expect(readdirSync(dir)).toEqual(['jobs.db'])
  })

  it('a truncated database: corrupt', async () => {
    const dir = tempDir()
    const path = await storeFile(dir)
    truncateSync(path, Math.floor(statSync(path).size / 2))
    const before = readFileSync(path)
    const error = await refusal(path)
    expectRefused(error, path, 'corrupt')
    expect(error.message).toMatch(/is damaged .*restore it from a backup/)
    expect(readFileSync(path).equals(before)).toBe(true)
  })

  it("another program's SQLite database: not a store, tables untouched", async () => {
    const dir = tempDir()
    const path = join(dir, 'app.db')
    const other = new Database(path)
    other.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me')")
    other.close()
    const before = readFileSync(path)
    const error = await refusal(path)
    expectRefused(error, path, 'not-a-store')
    expect(error.message).toMatch(/an SQLite database of something else \(tables: notes\)/)
    expect(readFileSync(path).equals(before)).toBe(true)
  })

  it('a store from a newer Darkroom: too new, never downgraded', async () => {
    const dir = tempDir()
    const path = await storeFile(dir)
    const side = new Database(path)
    side.prepare('INSERT INTO darkroom_schema VALUES (99, ?, 0)').run('from the future')
    side.close()
    const before = readFileSync(path)
    const error = await refusal(path)
    expectRefused(error, path, 'too-new')
    expect(readFileSync(path).equals(before)).toBe(true)
  })

  it('a file held by a gateway: locked', async () => {
    const path = join(tempDir(), 'jobs.db')
    const gateway = await openSqliteStore(path, { exclusive: true })
    expectRefused(await refusal(path), path, 'locked')
    await gateway.close()
  })

  it('a directory at the path: not a store', async () => {
    const path = join(tempDir(), 'jobs.db')
    mkdirSync(path)
    const error = await refusal(path)
    expectRefused(error, path, 'not-a-store')
    expect(error.message).toMatch(/is a directory, not a file/)
  })

  it('a named pipe at the path: not a store, at once (opening it would block)', async () => {
    const path = join(tempDir(), 'jobs.db')
    execFileSync('mkfifo', [path])
    const error = await refusal(path)
    expectRefused(error, path, 'not-a-store')
    expect(error.message).toMatch(/is a named pipe, not a file/)
    expect(statSync(path).isFIFO()).toBe(true)
  })

  it('a file under a path whose parent is a file: unreadable', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'state'), 'a file')
    const path = join(dir, 'state', 'jobs.db')
    const error = await refusal(path)
    expectRefused(error, path, 'unreadable')
    expect(error.message).toMatch(
      /cannot have its directory .*state created: .*state or a directory above it is a file \(EEXIST\)/,
    )
  })

  // The next three run in a child process held to file permissions, since root (CI) is not.
  it('a read-only store file: unreadable, at open', async () => {
    const dir = tempDir()
    const path = await storeFile(dir)
    chmodSync(path, 0o444)
    const before = readFileSync(path)
    const result = await openInChild(path, { restricted: true })
    expect(result).toMatchObject({ ok: false, reason: 'unreadable' })
    expect(result.message).toContain(`The job store ${path} cannot be written`)
    expect(readFileSync(path).equals(before)).toBe(true)
  })

  it('a new store in a read-only directory: unreadable', async () => {
    const dir = join(tempDir(), 'locked-away')
    mkdirSync(dir, { mode: 0o555 })
    const path = join(dir, 'jobs.db')
    const result = await openInChild(path, { restricted: true })
    expect(result).toMatchObject({ ok: false, reason: 'unreadable' })
    expect(result.message).toContain(`The job store ${path} cannot be created (EACCES)`)
    expect(readdirSync(dir)).toEqual([])
  })

  it('an existing store in a read-only directory: unreadable (WAL needs its side files)', async () => {
    const dir = join(tempDir(), 'ro')
    mkdirSync(dir)
    const path = join(dir, 'jobs.db')
    copyFileSync(await storeFile(tempDir()), path)
    chmodSync(dir, 0o555)
    const result = await openInChild(path, { restricted: true })
    expect(result).toMatchObject({ ok: false, reason: 'unreadable' })
    expect(result.message).toContain(path)
    expect(readdirSync(dir)).toEqual(['jobs.db'])
  })
})
