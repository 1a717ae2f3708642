import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Job } from '@darkroom/core'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { defaultHistoryPath, type HistoryEntry, HistoryStore } from './history-store.js'
import { JobBook } from './job-book.js'

const job: Job = {
  id: 'drj1.x',
  provider: 'speedpix' as const,
  operation: 'txt2img',
  providerJobId: 'task-1',
  state: 'running' as const,
  providerStatus: 'running',
  progress: 0.5,
  queuePosition: null,
  etaSeconds: 4,
  etaSource: 'provider' as const,
  message: null,
  images: [],
  error: null,
  createdAt: null,
  observedAt: '2024-06-11T08:00:00.000Z',
  warnings: [],
}
const jobN = (n: number, state: Job['state'] = 'succeeded'): Job => ({
  ...job,
  id: `drj1.${n}`,
  providerJobId: `task-${n}`,
  state,
})
const entry = (j: Job, at: string, scope = 'direct'): HistoryEntry => ({
  scope,
  provider: j.provider,
  operation: j.operation,
  submittedAt: at,
  job: j,
})

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'hist-'))
}

async function open(path: string) {
  const warnings: string[] = []
  const store = await HistoryStore.open(path, { onWarning: (m) => void warnings.push(m) })
  return { store, warnings }
}

describe('history', () => {
  it('lives in the XDG state directory on Linux, elsewhere in the app-data folder', () => {
    expect(defaultHistoryPath({ XDG_STATE_HOME: '/state' }, 'linux')).toBe(
      '/state/darkroom/history.db',
    )
    expect(defaultHistoryPath({ DARKROOM_STATE_DIR: '/x' }, 'linux')).toBe('/x/history.db')
    expect(defaultHistoryPath({}, 'linux')).toMatch(/\.local\/state\/darkroom\/history\.db$/)
  })

  it('moves with DARKROOM_DATA_DIR too, DARKROOM_STATE_DIR winning when both are set', () => {
    expect(defaultHistoryPath({ DARKROOM_DATA_DIR: '/data' }, 'darwin')).toBe('/data/history.db')
    expect(
      defaultHistoryPath({ DARKROOM_DATA_DIR: '/data', DARKROOM_STATE_DIR: '/x' }, 'linux'),
    ).toBe('/x/history.db')
  })

  it('round-trips through the SQLite store, newest first, every connection', async () => {
    const path = join(dir(), 'sub', 'history.db')
    const { store } = await open(path)
    const book = new JobBook(store, [])
    book.upsert('direct', job, '2024-06-11T08:00:00.000Z')
    book.upsert('demo:1', jobN(2, 'running'), '2024-06-11T09:00:00.000Z')
    book.upsert('direct', { ...job, state: 'succeeded', progress: 1 })
    await book.flush()
    await store.close()
    const again = await open(path)
    const loaded = await again.store.load()
    expect(loaded.map((e) => [e.scope, e.job.providerJobId])).toEqual([
      ['demo:1', 'task-2'],
      ['direct', 'task-1'],
    ])
    expect(loaded[1]?.job.state).toBe('succeeded')
    expect(loaded[1]?.submittedAt).toBe('2024-06-11T08:00:00.000Z')
    expect(new JobBook(again.store, loaded).unfinished('demo:1').map((e) => e.job.id)).toEqual([
      'drj1.2',
    ])
    expect(again.warnings).toEqual([])
    await again.store.close()
  })

  it('keeps 1000 jobs, dropping the oldest finished ones and never an unfinished one', async () => {
    const { store } = await open(join(dir(), 'history.db'))
    const at = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 1000).toISOString()
    // The five oldest are unfinished: they stay whatever comes after them.
    for (let n = 0; n < 5; n++) await store.save(entry(jobN(n, 'running'), at(n)))
    for (let n = 5; n < 1010; n++) await store.save(entry(jobN(n), at(n)))
    const kept = await store.load()
    expect(kept).toHaveLength(1000)
    const ids = new Set(kept.map((e) => e.job.providerJobId))
    for (let n = 0; n < 5; n++) expect(ids.has(`task-${n}`)).toBe(true)
    for (let n = 5; n < 15; n++) expect(ids.has(`task-${n}`)).toBe(false)
    const book = new JobBook(store, kept)
    book.upsert('direct', jobN(2000), at(2000))
    expect(book.all()).toHaveLength(1000)
    expect(book.unfinished('direct')).toHaveLength(5)
    await book.flush()
    await store.close()
  })

  it('skips a row it cannot read with one warning naming it, and shows the others', async () => {
    const path = join(dir(), 'history.db')
    const first = await open(path)
    for (const n of [1, 2, 3]) await first.store.save(entry(jobN(n), `2024-06-11T0${n}:00:00Z`))
    await first.store.close()
    const side = new Database(path)
    side.prepare("UPDATE jobs SET snapshot = '{not json' WHERE key = 'drj1.2'").run()
    side.close()
    const { store, warnings } = await open(path)
    expect((await store.load()).map((e) => e.job.id)).toEqual(['drj1.3', 'drj1.1'])
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(
      /Skipped the job "drj1\.2" in .*history\.db: .*snapshot is not JSON/,
    )
    await store.close()
  })

  it.each([
    [
      'a file that is not SQLite',
      (p: string) => writeFileSync(p, 'plain text, not ours'),
      /is not an SQLite database/,
    ],
    [
      "another program's database",
      (p: string) => new Database(p).exec('CREATE TABLE notes (body TEXT)').close(),
      /an SQLite database of something else \(tables: notes\)/,
    ],
    ['a directory', (p: string) => mkdirSync(p), /is a directory, not a file/],
    ['a named pipe', (p: string) => execFileSync('mkfifo', [p]), /is a named pipe, not a file/],
  ])('refuses %s at its path, naming it, and leaves it as it was', async (_what, make, message) => {
    const path = join(dir(), 'history.db')
    make(path)
    const before = statSync(path)
    const bytes = before.isFile() ? readFileSync(path) : null
    const error = await HistoryStore.open(path, { onWarning: () => undefined }).catch((e) => e)
    expect(String(error)).toMatch(message)
    expect(String(error)).toContain(path)
    expect(statSync(path).mode).toBe(before.mode)
    if (bytes) expect(readFileSync(path).equals(bytes)).toBe(true)
  })
})

describe('importing the JSON history of earlier versions', () => {
  const old = (jobs: unknown[], version: unknown = 1) => JSON.stringify({ version, jobs })

  it('imports every valid entry once, skipping a bad one with a warning, BOM or not', async () => {
    const d = dir()
    const good = [
      entry(job, '2024-06-11T08:00:00.000Z'),
      entry(jobN(2), '2024-06-11T09:00:00.000Z'),
    ]
    writeFileSync(join(d, 'history.json'), `\uFEFF${old([good[0], { scope: 1 }, good[1]])}`)
    const { store, warnings } = await open(join(d, 'history.db'))
    expect((await store.load()).map((e) => e.job.id)).toEqual(['drj1.2', 'drj1.x'])
    expect(warnings[0]).toMatch(/Skipped job 2 of the old history .*history\.json/)
    expect(warnings[1]).toMatch(
      /Imported 2 jobs from .*history\.json \(now .*history\.json\.imported\); 1 skipped/,
    )
    expect(readdirSync(d).sort()).toEqual(
      expect.arrayContaining(['history.db', 'history.json.imported']),
    )
    await store.close()
    const again = await open(join(d, 'history.db'))
    expect(await again.store.load()).toHaveLength(2)
    expect(again.warnings).toEqual([])
    await again.store.close()
  })

  it.each([
    ['another version', old([], 2), /not a version 1 history .*found version 2/],
    ['not JSON', 'not json at all {', /it is not JSON/],
  ])('leaves a file of %s where it is, untouched, and says so', async (_what, content, message) => {
    const d = dir()
    writeFileSync(join(d, 'history.json'), content)
    const { store, warnings } = await open(join(d, 'history.db'))
    expect(await store.load()).toEqual([])
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(message)
    expect(warnings[0]).toMatch(/Darkroom left it as it is/)
    expect(readFileSync(join(d, 'history.json'), 'utf8')).toBe(content)
    await store.close()
  })

  it('never opens a named pipe where the old history was (that would hang)', async () => {
    const d = dir()
    execFileSync('mkfifo', [join(d, 'history.json')])
    const { store, warnings } = await open(join(d, 'history.db'))
    expect(warnings[0]).toMatch(/history\.json was not imported: it is not a regular file/)
    expect(statSync(join(d, 'history.json')).isFIFO()).toBe(true)
    await store.close()
  })
})
