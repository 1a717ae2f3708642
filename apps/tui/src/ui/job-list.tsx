import { Box, Text } from 'ink'
import { duration, progressBar, shortId, shownProgress } from '../cli/format.js'
import type { JobView } from './jobs-controller.js'
import { COLUMN_SPEC, columnsFor, type ListColumn } from './list-columns.js'
import { STATE_COLOR } from './theme.js'

/** Props of {@link JobList}. */
export interface JobListProps {
  jobs: JobView[]
  selected: number
  /** Rows that fit; only those are rendered, so 200 jobs cost what 20 do. */
  height: number
  /** Cells across: columns that do not fit are left out, so rows never wrap. Default 120. */
  width?: number
  /** The filter applied to `jobs`, to say so when nothing matches. Default none. */
  filter?: string
  now: number
}

const pad = (text: string, width: number) =>
  text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width)

/** What the state column says: the job's state, or the watch's trouble with it. */
function stateWord(view: JobView): string {
  const job = view.entry.job
  if (view.failure) return 'error'
  if (view.retrying) return 'retrying'
  return !view.live && (job.state === 'queued' || job.state === 'running') ? 'stale' : job.state
}

/** Each column's text for a job. */
const CELL: Record<ListColumn, (view: JobView, now: number) => string> = {
  provider: (v) => v.entry.job.provider,
  operation: (v) => v.entry.job.operation,
  id: (v) => shortId(v.entry.job),
  state: stateWord,
  progress: (v) => {
    const progress = shownProgress(v.entry.job)
    const percent = progress === null ? '' : ` ${String(Math.round(progress * 100)).padStart(3)}%`
    return progress === null ? '' : `${progressBar(progress, 10)}${percent}`
  },
  queue: (v) => (v.entry.job.queuePosition === null ? '' : String(v.entry.job.queuePosition)),
  eta: ({ entry: { job } }) =>
    job.etaSeconds === null
      ? ''
      : `${duration(job.etaSeconds)}${job.etaSource === 'estimated' ? '~' : ''}`,
  age: (v, now) => duration((now - Date.parse(v.entry.submittedAt)) / 1000),
}

function Empty({ filter }: { filter: string }) {
  if (filter.trim() === '')
    return <Text dimColor>No jobs yet. Press n to submit one, i to import one.</Text>
  return (
    <Text
      dimColor
    >{`No job matches "${filter.trim()}". Press esc to clear the filter, / to change it.`}</Text>
  )
}

/** The job table: newest first, the selected row highlighted, scrolled to keep it visible. */
export function JobList({ jobs, selected, height, width = 120, filter = '', now }: JobListProps) {
  if (jobs.length === 0) return <Empty filter={filter} />
  const columns = columnsFor(width)
  const rows = Math.max(1, height)
  const start = Math.min(Math.max(0, selected - rows + 1), Math.max(0, jobs.length - rows))
  const visible = jobs.slice(start, start + rows)
  return (
    <Box flexDirection="column">
      <Text
        bold
      >{`  ${columns.map((c) => pad(COLUMN_SPEC[c].header, COLUMN_SPEC[c].width)).join('')}`}</Text>
      {visible.map((view, i) => {
        const job = view.entry.job
        const index = start + i
        const color = view.failure ? 'red' : view.retrying ? 'magenta' : STATE_COLOR[job.state]
        return (
          <Text key={job.id} inverse={index === selected}>
            {index === selected ? '> ' : '  '}
            {columns.map((c) => {
              const text = pad(CELL[c](view, now), COLUMN_SPEC[c].width)
              return c === 'state' ? (
                <Text key={c} color={color}>
                  {text}
                </Text>
              ) : (
                text
              )
            })}
          </Text>
        )
      })}
      {jobs.length > rows && (
        <Text dimColor>{`  ${start + 1}–${start + visible.length} of ${jobs.length}`}</Text>
      )}
    </Box>
  )
}
