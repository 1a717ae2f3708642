import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { fakeDurableObjectStorage } from '../testing/fake-durable-object.js'
import { sampleJob } from '../testing/jobs.js'
import { durableObjectSqlDriver } from './durable-object-driver.js'
import { SqlJobStore } from './sql-job-store.js'

describe('durableObjectSqlDriver', () => {
  it('runs statements through sql.exec and gives back their rows', () => {
    const driver = durableObjectSqlDriver(fakeDurableObjectStorage(new Database(':memory:')))
    driver.exec('CREATE TABLE t (a TEXT, b INTEGER)')
    expect(driver.exec('INSERT INTO t VALUES (?, ?)', 'x', 1)).toEqual([])
    expect(driver.exec('SELECT a, b FROM t WHERE b = ?', 1)).toEqual([{ a: 'x', b: 1 }])
  })

  it('runs a transaction through transactionSync: all of it or none', () => {
    const driver = durableObjectSqlDriver(fakeDurableObjectStorage(new Database(':memory:')))
    driver.exec('CREATE TABLE t (a INTEGER)')
    expect(() =>
      driver.transaction(() => {
        driver.exec('INSERT INTO t VALUES (1)')
        throw new Error('halfway')
      }),
    ).toThrow('halfway')
    expect(driver.exec('SELECT count(*) AS n FROM t')).toEqual([{ n: 0 }])
    expect(driver.transaction(() => driver.exec('INSERT INTO t VALUES (2) RETURNING a'))).toEqual([
      { a: 2 },
    ])
  })

  it('carries a whole store without one statement a Durable Object refuses', async () => {
    const storage = fakeDurableObjectStorage(new Database(':memory:'))
    // The fake refuses what the real storage does, so this test can fail.
    expect(() => storage.sql.exec('BEGIN')).toThrow(/refuses "BEGIN"/)
    expect(() => storage.sql.exec('PRAGMA journal_mode')).toThrow(/refuses "PRAGMA"/)
    const store = SqlJobStore.open(durableObjectSqlDriver(storage), { location: 'do:test' })
    await store.insert(sampleJob(1))
    await store.update(sampleJob(1).key, { polls: 1 })
    await store.list({ owner: 'alice', limit: 1 })
    await store.unfinished({ owner: 'alice' })
    await store.prune({ keep: 0 })
    await store.close()
    expect(storage.statements.length).toBeGreaterThan(8)
    expect(await store.get('x').catch((e: Error) => e.message)).toMatch(/is closed/)
  })
})
