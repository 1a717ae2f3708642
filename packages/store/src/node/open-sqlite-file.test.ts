import { execFileSync } from 'node:child_process'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Migration } from '../sql/migrations.js'
import { StoreError } from '../sql/store-error.js'
import { tempDir } from '../testing/temp-dir.js'
import { openSqliteFile } from './open-sqlite-file.js'
import { openSqliteStore } from './open-sqlite-store.js'

const NOTES: readonly Migration[] = [
  { version: 1, summary: 'notes', statements: ['CREATE TABLE notes (body TEXT NOT NULL) STRICT'] },
]
const label = 'notes file'

describe('openSqliteFile', () => {
  it('opens a file with its own schema, shared by two connections', () => {
    const path = join(tempDir(), 'notes.db')
    const a = openSqliteFile(path, { migrations: NOTES, label })
    const b = openSqliteFile(path, { migrations: NOTES, label })
    a.driver.exec('INSERT INTO notes (body) VALUES (?)', 'hello')
    expect(b.driver.exec('SELECT body FROM notes')).toEqual([{ body: 'hello' }])
    expect(a.path).toBe(path)
    a.driver.close()
    b.driver.close()
  })

  it('names the file by its label in every refusal', () => {
    const path = join(tempDir(), 'notes.db')
    execFileSync('mkfifo', [path])
    const error = (() => {
      try {
        openSqliteFile(path, { migrations: NOTES, label })
      } catch (caught) {
        return caught
      }
    })()
    expect(StoreError.isInstance(error) && error.reason).toBe('not-a-store')
    expect(String(error)).toContain(`The notes file ${path} is a named pipe, not a file.`)
    expect(statSync(path).isFIFO()).toBe(true)
  })

  it('refuses a job store opened with another schema as too new, and leaves it be', async () => {
    const path = join(tempDir(), 'jobs.db')
    await (await openSqliteStore(path)).close()
    const empty: readonly Migration[] = []
    expect(() => openSqliteFile(path, { migrations: empty, label })).toThrow(/newer Darkroom/)
    const store = await openSqliteStore(path)
    expect(await store.owners()).toEqual([])
    await store.close()
  })
})
