import { describe, expect, it } from 'vitest'
import type { Job } from '../model/job.js'
import { learnFrom, newHistory, observe } from './history.js'

const T0 = 1_000_000

/** Only what `observe` reads of a snapshot. */
const snapshot = (state: Job['state']) =>
  ({
    state,
    progress: null,
    etaSeconds: null,
    etaSource: null,
    queuePosition: null,
  }) as unknown as Job

describe('learnFrom', () => {
  it('records a job found done at its first poll as censored: ended at some time by then', () => {
    const history = newHistory(T0, true)
    observe(history, snapshot('queued'), T0) // the snapshot submit returned
    observe(history, snapshot('succeeded'), T0 + 12_000)
    expect(learnFrom(history, T0 + 12_000)).toMatchObject({
      total: { after: 0, by: 12_000 },
      // Seen queued, then done: it ran for an unknown part of those 12 s.
      run: { after: 0, by: 12_000 },
    })
  })

  it('records the gap between the last pending poll and the one that saw the end', () => {
    const history = newHistory(T0, true)
    observe(history, snapshot('queued'), T0)
    observe(history, snapshot('queued'), T0 + 4000)
    observe(history, snapshot('running'), T0 + 11_000)
    observe(history, snapshot('succeeded'), T0 + 12_000)
    expect(learnFrom(history, T0 + 12_000)).toMatchObject({
      total: { after: 11_000, by: 12_000 },
      run: { after: 7000, by: 8000 },
    })
  })

  it('learns no total duration when the submit time is unknown', () => {
    const history = newHistory(T0, false)
    observe(history, snapshot('running'), T0)
    observe(history, snapshot('succeeded'), T0 + 3000)
    const sample = learnFrom(history, T0 + 3000)
    expect(sample.total).toBeUndefined()
    expect(sample.run).toBeUndefined()
  })
})
