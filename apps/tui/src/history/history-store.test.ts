import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultHistoryPath, HistoryStore } from './history-store.js'
import { JobBook } from './job-book.js'

const job = {
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

describe('history', () => {
  it('lives in the XDG state directory on Linux, elsewhere in the app-data folder', () => {
    expect(defaultHistoryPath({ XDG_STATE_HOME: '/state' }, 'linux')).toBe(
      '/state/darkroom/history.json',
    )
    expect(defaultHistoryPath({ DARKROOM_STATE_DIR: '/x' }, 'linux')).toBe('/x/history.json')
    expect(defaultHistoryPath({}, 'linux')).toMatch(/\.local\/state\/darkroom\/history\.json$/)
  })

  it('moves with DARKROOM_DATA_DIR too, DARKROOM_STATE_DIR winning when both are set', () => {
    expect(defaultHistoryPath({ DARKROOM_DATA_DIR: '/data' }, 'darwin')).toBe('/data/history.json')
    expect(
      defaultHistoryPath({ DARKROOM_DATA_DIR: '/data', DARKROOM_STATE_DIR: '/x' }, 'linux'),
    ).toBe('/x/history.json')
  })

  it('round-trips through an atomic write, newest first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hist-'))
    const store = new HistoryStore(join(dir, 'sub', 'history.json'))
    const book = new JobBook(store, [])
    book.upsert('direct', job, '2024-06-11T08:00:00.000Z')
    book.upsert(
      'direct',
      { ...job, id: 'drj1.y', providerJobId: 'task-2' },
      '2024-06-11T09:00:00.000Z',
    )
    book.upsert('direct', { ...job, state: 'succeeded', progress: 1 })
    await book.flush()
    const loaded = await store.load()
    expect(loaded.warning).toBeNull()
    expect(loaded.entries.map((e) => e.job.providerJobId)).toEqual(['task-2', 'task-1'])
    expect(loaded.entries[1]?.job.state).toBe('succeeded')
    expect(readdirSync(join(dir, 'sub'))).toEqual(['history.json'])
    expect(new JobBook(store, loaded.entries).unfinished('direct').map((e) => e.job.id)).toEqual([
      'drj1.y',
    ])
  })

  it.each([
    ['not json at all {'],
    ['{"version":2,"jobs":[]}'],
    ['{"version":1,"jobs":[{"scope":1}]}'],
  ])('sets a corrupt file aside with a message instead of failing (%s)', async (content) => {
    const dir = mkdtempSync(join(tmpdir(), 'hist-'))
    const path = join(dir, 'history.json')
    writeFileSync(path, content)
    const store = new HistoryStore(path, () => new Date('2024-06-11T08:00:00Z'))
    const loaded = await store.load()
    expect(loaded.entries).toEqual([])
    expect(loaded.warning).toMatch(/moved to .*history\.json\.corrupt-2024-06-11T08-00-00/)
    const aside = readdirSync(dir).find((f) => f.includes('corrupt'))
    expect(readFileSync(join(dir, aside as string), 'utf8')).toBe(content)
  })
})
