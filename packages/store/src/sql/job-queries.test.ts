import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { fakeDurableObjectStorage } from '../testing/fake-durable-object.js'
import { durableObjectSqlDriver } from './durable-object-driver.js'
import {
  listStatement,
  pruneStatement,
  type Statement,
  unfinishedStatement,
  updateStatement,
} from './job-queries.js'
import { migrate } from './migrations.js'

function plan(statement: Statement): string {
  const db = new Database(':memory:')
  migrate(durableObjectSqlDriver(fakeDurableObjectStorage(db)), {
    location: 'plan',
    now: () => 0,
  })
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${statement.sql}`).all(...statement.bindings)
  db.close()
  return rows.map((row) => (row as { detail: string }).detail).join('\n')
}

const after = { submittedAt: 5, key: 'k' }

describe('the queries', () => {
  it.each([
    ['a first page', listStatement({ owner: 'a', limit: 10 }, null), 'jobs_by_owner'],
    ['a later page', listStatement({ owner: 'a', limit: 10 }, after), 'jobs_by_owner'],
    [
      'a page of one state',
      listStatement({ owner: 'a', state: 'running', limit: 10 }, after),
      'jobs_by_owner_state',
    ],
    [
      'a page of one provider',
      listStatement({ owner: 'a', provider: 'aidge', limit: 10 }, null),
      'jobs_by_owner',
    ],
    ['the unfinished jobs', unfinishedStatement({}), 'jobs_unfinished'],
    ['the unfinished jobs of an owner', unfinishedStatement({ owner: 'a' }), 'jobs_unfinished'],
  ])('read %s through an index, sorting nothing', (_what, statement, index) => {
    const detail = plan(statement)
    expect(detail).toContain(`USING INDEX ${index}`)
    expect(detail).not.toMatch(/SCAN jobs$|TEMP B-TREE/m)
  })

  it('prune through the owner index', () => {
    expect(plan(pruneStatement({ owner: 'a', keep: 3 }))).toContain('jobs_by_owner')
  })

  it('give one text per shape, so a statement cache stays small', () => {
    const texts = new Set<string>()
    for (let i = 0; i < 50; i++) {
      texts.add(
        listStatement({ owner: `o${i}`, limit: i + 1 }, { submittedAt: i, key: `${i}` }).sql,
      )
      texts.add((updateStatement(`k${i}`, { polls: i, nextPollAt: i }) as Statement).sql)
    }
    expect(texts.size).toBe(2)
  })

  it('make no statement for an empty update', () => {
    expect(updateStatement('k', {})).toBeNull()
  })
})
