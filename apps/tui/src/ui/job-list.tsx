import { Box, Text } from 'ink'
import { duration, progressBar, shortId } from '../cli/format.js'
import type { JobView } from './jobs-controller.js'
import { STATE_COLOR } from './theme.js'

/** Props of {@link JobList}. */
export interface JobListProps {
  jobs: JobView[]
  selected: number
  /** Rows that fit; only those are rendered, so 200 jobs cost what 20 do. */
  height: number
  now: number
}

const pad = (text: string, width: number) =>
  text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width)

/** The job table: newest first, the selected row highlighted, scrolled to keep it visible. */
export function JobList({ jobs, selected, height, now }: JobListProps) {
  if (jobs.length === 0) {
    return <Text dimColor>No jobs. Press n to submit one, i to import one.</Text>
  }
  const rows = Math.max(1, height)
  const start = Math.min(Math.max(0, selected - rows + 1), Math.max(0, jobs.length - rows))
  const visible = jobs.slice(start, start + rows)
  return (
    <Box flexDirection="column">
      <Text
        bold
      >{`  ${pad('PROVIDER', 10)}${pad('OPERATION', 19)}${pad('ID', 12)}${pad('STATE', 11)}${pad('PROGRESS', 18)}${pad('QUEUE', 7)}${pad('ETA', 8)}AGE`}</Text>
      {visible.map((view, i) => {
        const job = view.entry.job
        const index = start + i
        const age = (now - Date.parse(view.entry.submittedAt)) / 1000
        const percent =
          job.progress === null ? '' : ` ${String(Math.round(job.progress * 100)).padStart(3)}%`
        const state = view.failure
          ? 'error'
          : view.retrying
            ? 'retrying'
            : !view.live && (job.state === 'queued' || job.state === 'running')
              ? 'stale'
              : job.state
        return (
          <Text key={job.id} inverse={index === selected}>
            {index === selected ? '> ' : '  '}
            {pad(job.provider, 10)}
            {pad(job.operation, 19)}
            {pad(shortId(job), 12)}
            <Text color={view.failure ? 'red' : view.retrying ? 'magenta' : STATE_COLOR[job.state]}>
              {pad(state, 11)}
            </Text>
            {pad(`${progressBar(job.progress, 10)}${percent}`, 18)}
            {pad(job.queuePosition === null ? '' : String(job.queuePosition), 7)}
            {pad(
              job.etaSeconds === null
                ? ''
                : `${duration(job.etaSeconds)}${job.etaSource === 'estimated' ? '~' : ''}`,
              8,
            )}
            {duration(age)}
          </Text>
        )
      })}
      {jobs.length > rows && (
        <Text dimColor>{`  ${start + 1}–${start + visible.length} of ${jobs.length}`}</Text>
      )}
    </Box>
  )
}
