import type { Job } from '@darkroom/core'
import { render } from 'ink-testing-library'
import { describe, expect, it } from 'vitest'
import { JobList } from './job-list.js'
import type { JobView } from './jobs-controller.js'
import { columnsFor, LIST_COLUMNS } from './list-columns.js'

const NOW = Date.parse('2026-01-01T00:10:00Z')

function view(state: Job['state'], progress: number | null): JobView {
  const job: Job = {
    id: `drj1.${state}`,
    provider: 'speedpix',
    operation: 'txt2img',
    providerJobId: `task-${state}-0123456789`,
    state,
    providerStatus: null,
    progress,
    queuePosition: state === 'queued' ? 3 : null,
    etaSeconds: 42,
    etaSource: 'estimated',
    message: null,
    images: [],
    error: null,
    createdAt: null,
    observedAt: '2026-01-01T00:09:00Z',
    warnings: [],
  }
  const entry = {
    scope: 'test',
    provider: job.provider,
    operation: job.operation,
    submittedAt: '2026-01-01T00:00:00Z',
    job,
  }
  return { entry, retrying: null, failure: null, live: true }
}

const jobs = [view('running', 0.5), view('failed', 1), view('queued', null)]
const frame = (width: number) =>
  render(<JobList jobs={jobs} selected={0} height={5} width={width} now={NOW} />).lastFrame() ?? ''

describe('JobList', () => {
  it('shows every column on a wide terminal', () => {
    expect(columnsFor(120)).toEqual([...LIST_COLUMNS])
    expect(frame(120)).toMatch(/PROVIDER\s+OPERATION\s+ID\s+STATE\s+PROGRESS\s+QUEUE\s+ETA\s+AGE/)
  })

  it('drops columns rather than wrap rows on a narrow terminal, keeping the state', () => {
    expect(columnsFor(60)).toEqual(['provider', 'operation', 'state', 'progress'])
    expect(columnsFor(40)).toEqual(['provider', 'state', 'queue', 'eta'])
    for (const width of [60, 45, 30]) {
      const lines = frame(width).split('\n')
      expect(lines).toHaveLength(4) // the heading and three rows: nothing wrapped
      for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(width)
      expect(lines[1]).toContain('running')
    }
  })

  it('shows no progress bar for a failed job, however far the provider said it got', () => {
    const failed =
      frame(120)
        .split('\n')
        .find((l) => l.includes('failed')) ?? ''
    expect(failed).not.toContain('[')
    expect(frame(120)).toContain('[#####-----]  50%')
  })

  it('says when no job matches the filter, and how to clear it', () => {
    const empty = (filter?: string) =>
      render(<JobList jobs={[]} selected={0} height={5} filter={filter} now={NOW} />).lastFrame()
    expect(empty('kite')).toBe(
      'No job matches "kite". Press esc to clear the filter, / to change it.',
    )
    expect(empty()).toContain('No jobs yet. Press n to submit one')
  })
})
