import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { fakeDurableObjectStorage } from '../testing/fake-durable-object.js'
import { durableObjectSqlDriver } from './durable-object-driver.js'
import { MIGRATIONS, type Migration, migrate } from './migrations.js'
import { StoreError } from './store-error.js'

function database() {
  const db = new Database(':memory:')
  return { db, driver: durableObjectSqlDriver(fakeDurableObjectStorage(db)) }
}

const options = { location: 'test.db', now: () => 1_718_000_000_000 }
const tables = (db: Database.Database) =>
  db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all()
    .map((row) => (row as { name: string }).name)

describe('migrations', () => {
  it('are numbered 1, 2, 3… in order with no gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1))
  })

  it('turn an empty database into a store, recording each version, once', () => {
    const { db, driver } = database()
    expect(migrate(driver, options)).toEqual({ from: 0, to: MIGRATIONS.length })
    expect(tables(db)).toEqual([
      'darkroom_schema',
      'jobs',
      'submit_claims',
      'webhook_deliveries',
      'webhook_subscriptions',
    ])
    const recorded = db.prepare('SELECT version, applied_at FROM darkroom_schema').all()
    expect(recorded).toEqual(
      MIGRATIONS.map((m) => ({ version: m.version, applied_at: 1_718_000_000_000 })),
    )
    expect(migrate(driver, options)).toEqual({ from: MIGRATIONS.length, to: MIGRATIONS.length })
    expect(db.prepare('SELECT count(*) AS n FROM darkroom_schema').get()).toEqual({
      n: MIGRATIONS.length,
    })
  })

  it('apply only the ones a store lacks, in order', () => {
    const { db, driver } = database()
    const extra: Migration = {
      version: MIGRATIONS.length + 1,
      summary: 'a later table',
      statements: ['CREATE TABLE later (id INTEGER PRIMARY KEY)', 'INSERT INTO later VALUES (7)'],
    }
    migrate(driver, options)
    expect(migrate(driver, { ...options, migrations: [...MIGRATIONS, extra] })).toEqual({
      from: MIGRATIONS.length,
      to: MIGRATIONS.length + 1,
    })
    expect(db.prepare('SELECT id FROM later').all()).toEqual([{ id: 7 }])
  })

  it('bring a store of version 1 to the submit claims of version 2, its jobs kept', () => {
    const { db, driver } = database()
    migrate(driver, { ...options, migrations: MIGRATIONS.slice(0, 1) })
    db.prepare(
      "INSERT INTO jobs VALUES ('k', 'alice', 'speedpix', 'txt2img', 't', 'running', 0, '{}', '{}', 1, 1, NULL, 0, 0)",
    ).run()
    expect(migrate(driver, options).from).toBe(1)
    expect(tables(db)).toContain('submit_claims')
    expect(db.prepare('SELECT key FROM jobs').all()).toEqual([{ key: 'k' }])
  })

  it('are all or nothing: a failing step leaves the database as it was', () => {
    const { db, driver } = database()
    const broken: Migration = {
      version: 1,
      summary: 'x',
      statements: ['CREATE TABLE a (x)', 'NOT SQL'],
    }
    expect(() => migrate(driver, { ...options, migrations: [broken] })).toThrow(/syntax error/)
    expect(tables(db)).toEqual([])
  })

  it('refuse a store from a newer Darkroom and never downgrade it', () => {
    const { db, driver } = database()
    migrate(driver, options)
    db.prepare('INSERT INTO darkroom_schema VALUES (?, ?, ?)').run(MIGRATIONS.length + 1, 'new', 1)
    let error: unknown
    try {
      migrate(driver, options)
    } catch (caught) {
      error = caught
    }
    expect(StoreError.isInstance(error) && error.reason).toBe('too-new')
    expect(String(error)).toContain(
      `test.db was written by a newer Darkroom (schema version ${MIGRATIONS.length + 1}; this one knows up to ${MIGRATIONS.length})`,
    )
    expect(String(error)).toMatch(/upgrade Darkroom/)
    expect(db.prepare('SELECT max(version) AS v FROM darkroom_schema').get()).toEqual({
      v: MIGRATIONS.length + 1,
    })
  })

  it("refuse another program's database and leave it untouched", () => {
    const { db, driver } = database()
    db.exec("CREATE TABLE users (name TEXT); INSERT INTO users VALUES ('ada')")
    expect(() => migrate(driver, options)).toThrow(
      /test\.db is an SQLite database of something else \(tables: users\), not a Darkroom job store/,
    )
    expect(tables(db)).toEqual(['users'])
  })

  it('ignore the tables a Durable Object keeps for itself', () => {
    const { db, driver } = database()
    db.exec('CREATE TABLE __cf_kv (key TEXT PRIMARY KEY, value BLOB)')
    expect(migrate(driver, options).from).toBe(0)
  })
})
